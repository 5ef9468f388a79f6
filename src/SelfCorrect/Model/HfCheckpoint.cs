using System.Text.Json;
using System.Text.Json.Nodes;
using TorchSharp;
using static TorchSharp.torch;

namespace SelfCorrect.Model;

/// <summary>
/// Hugging Face model folders (Qwen2ForCausalLM, LlamaForCausalLM): config.json plus model.safetensors, or
/// shards named by model.safetensors.index.json. Loading builds the model directly in the requested dtype with
/// its weights allocated but unwritten, then copies the checkpoint in tensor by tensor, so peak memory stays
/// close to one copy of the weights. Saving writes the same layout, sharded past a size.
/// </summary>
public static class HfCheckpoint
{
    public const string ConfigFile = "config.json", WeightsFile = "model.safetensors", IndexFile = "model.safetensors.index.json";
    public const long DefaultMaxShardBytes = 5L << 30;

    /// <summary>Files a model folder keeps next to its weights; <see cref="Save"/> copies them from the source folder.</summary>
    public static readonly string[] TokenizerFiles =
        ["tokenizer.json", "tokenizer_config.json", "generation_config.json", "special_tokens_map.json", "vocab.json", "merges.txt", "chat_template.jinja"];

    /// <summary>"float32", "bfloat16" or "float16" (also fp32, bf16, fp16) to a dtype; a UserError otherwise.</summary>
    public static ScalarType ParseDType(string name) => name.Trim().ToLowerInvariant() switch
    {
        "float32" or "fp32" => ScalarType.Float32,
        "bfloat16" or "bf16" => ScalarType.BFloat16,
        "float16" or "fp16" => ScalarType.Float16,
        _ => throw new UserError($"unknown dtype '{name}' (expected float32, bfloat16 or float16)"),
    };

    /// <summary>The config.json name of a dtype.</summary>
    public static string DTypeName(ScalarType t) => t switch
    {
        ScalarType.Float32 => "float32", ScalarType.BFloat16 => "bfloat16", ScalarType.Float16 => "float16",
        _ => throw new ArgumentException($"models are float32, bfloat16 or float16, not {t}"),
    };

    /// <summary>"cpu", "cuda" or "cuda:N"; a UserError when CUDA is asked for and not available.</summary>
    public static Device ParseDevice(string name)
    {
        var n = name.Trim().ToLowerInvariant();
        if (n == "cpu") return CPU;
        if (n == "cuda" || n.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!cuda.is_available()) throw new UserError($"device '{name}' asked for, but CUDA is not available on this machine (use --device cpu)");
            if (n == "cuda") return CUDA;
            if (!int.TryParse(n[5..], out int index) || index < 0 || index >= cuda.device_count())
                throw new UserError($"device '{name}' does not exist ({cuda.device_count()} CUDA devices)");
            return new Device(DeviceType.CUDA, index);
        }
        throw new UserError($"unknown device '{name}' (expected cpu or cuda)");
    }

    /// <summary>Loads a model folder in <paramref name="dtype"/> onto <paramref name="device"/> (CPU when null), in eval mode.</summary>
    public static CausalLM Load(string dir, Device? device = null, ScalarType dtype = ScalarType.Float32)
    {
        if (!Directory.Exists(dir)) throw new UserError($"model folder {dir} does not exist");
        var config = ModelConfig.Load(Path.Combine(dir, ConfigFile));
        var (files, index) = WeightFiles(dir);
        device ??= CPU;
        DTypeName(dtype);

        var model = new CausalLM(config, initialize: false, dtype);
        try
        {
            if (device.type != DeviceType.CPU) model.to(device);
            if (index is not null) CheckIndex(dir, index);
            SafeTensors.LoadInto(model.state_dict(), files, name =>
                (config.TieWordEmbeddings && name == "lm_head.weight") || name.EndsWith(".rotary_emb.inv_freq", StringComparison.Ordinal) ? null : name);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        model.eval();
        return model;
    }

    /// <summary>The safetensors files of a folder and, when sharded, its index's weight map.</summary>
    static (IReadOnlyList<string> Files, IReadOnlyDictionary<string, string>? WeightMap) WeightFiles(string dir)
    {
        var indexPath = Path.Combine(dir, IndexFile);
        if (File.Exists(indexPath))
        {
            var map = ReadWeightMap(indexPath);
            var files = map.Values.Distinct().Order(StringComparer.Ordinal).Select(f => Path.Combine(dir, f)).ToList();
            foreach (var f in files) if (!File.Exists(f)) throw new UserError($"{indexPath} names {Path.GetFileName(f)}, which is missing");
            return (files, map);
        }
        var single = Path.Combine(dir, WeightsFile);
        if (File.Exists(single)) return ([single], null);
        if (File.Exists(Path.Combine(dir, "pytorch_model.bin")))
            throw new UserError($"{dir} has only pytorch_model.bin; convert it to safetensors first");
        throw new UserError($"{dir} has neither {WeightsFile} nor {IndexFile}");
    }

    static Dictionary<string, string> ReadWeightMap(string indexPath)
    {
        try
        {
            var root = JsonNode.Parse(File.ReadAllText(indexPath)) as JsonObject;
            if (root?["weight_map"] is not JsonObject map || map.Count == 0) throw new UserError($"{indexPath} has no weight_map");
            var result = new Dictionary<string, string>();
            foreach (var (name, file) in map)
            {
                var f = file?.GetValue<string>() ?? throw new UserError($"{indexPath}: weight_map entry '{name}' is not a file name");
                if (f.Contains('/') || f.Contains('\\') || f.Contains("..", StringComparison.Ordinal))
                    throw new UserError($"{indexPath}: weight_map entry '{name}' names a file outside the folder ({f})");
                result[name] = f;
            }
            return result;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new UserError($"{indexPath} is not a valid index ({e.Message.Split('\n')[0]})");
        }
    }

    /// <summary>Every tensor named by the index is in the shard it names, and every tensor of a shard is in the index.</summary>
    static void CheckIndex(string dir, IReadOnlyDictionary<string, string> map)
    {
        foreach (var file in map.Values.Distinct())
        {
            var names = SafeTensors.ReadHeader(Path.Combine(dir, file)).Tensors.Select(t => t.Name).ToHashSet();
            foreach (var name in names)
                if (!map.TryGetValue(name, out var f) || f != file)
                    throw new InvalidDataException($"{Path.Combine(dir, file)}: tensor '{name}' is not mapped to this shard by {IndexFile}");
            foreach (var (name, f) in map)
                if (f == file && !names.Contains(name))
                    throw new InvalidDataException($"{IndexFile} maps tensor '{name}' to {file}, which does not hold it");
        }
    }

    /// <summary>
    /// Writes config.json and the base weights (adapters excluded: merge them first with <see cref="Lora.Merge"/>)
    /// in the model's dtype: one model.safetensors, or shards of at most <paramref name="maxShardBytes"/> (a larger
    /// tensor gets a shard of its own) with model.safetensors.index.json. Tokenizer files are copied from
    /// <paramref name="copyFilesFrom"/> when given. The folder is written aside and renamed into place, so a
    /// failed save leaves any previous one intact.
    /// </summary>
    public static void Save(string dir, CausalLM model, long maxShardBytes = DefaultMaxShardBytes, string? copyFilesFrom = null)
    {
        if (maxShardBytes < 1) throw new ArgumentOutOfRangeException(nameof(maxShardBytes), "the shard size must be positive");
        var tensors = model.BaseStateDict().ToList();
        var dtype = tensors[0].Tensor.dtype;
        var shards = new List<List<(string Name, Tensor Tensor)>> { new() };
        long current = 0, total = 0;
        foreach (var entry in tensors)
        {
            long size = entry.Tensor.numel() * entry.Tensor.ElementSize;
            if (current > 0 && current + size > maxShardBytes) { shards.Add([]); current = 0; }
            shards[^1].Add(entry);
            current += size;
            total += size;
        }

        IO.AtomicFolder.Write(dir, tmp =>
        {
            File.WriteAllText(Path.Combine(tmp, ConfigFile), (model.Config with { TorchDtype = DTypeName(dtype) }).ToJson());
            var metadata = new Dictionary<string, string> { ["format"] = "pt" };
            if (shards.Count == 1) SafeTensors.Save(Path.Combine(tmp, WeightsFile), shards[0], metadata);
            else
            {
                var weightMap = new JsonObject();
                for (int i = 0; i < shards.Count; i++)
                {
                    var name = $"model-{i + 1:D5}-of-{shards.Count:D5}.safetensors";
                    SafeTensors.Save(Path.Combine(tmp, name), shards[i], metadata);
                    foreach (var (tensor, _) in shards[i]) weightMap[tensor] = name;
                }
                var index = new JsonObject { ["metadata"] = new JsonObject { ["total_size"] = total }, ["weight_map"] = weightMap };
                File.WriteAllText(Path.Combine(tmp, IndexFile), index.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            }
            if (copyFilesFrom is not null)
                foreach (var f in TokenizerFiles)
                    if (File.Exists(Path.Combine(copyFilesFrom, f))) File.Copy(Path.Combine(copyFilesFrom, f), Path.Combine(tmp, f));
        });
    }
}

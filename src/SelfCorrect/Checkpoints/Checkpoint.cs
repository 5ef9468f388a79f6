using System.Text.Json;
using System.Text.Json.Serialization;
using SelfCorrect.Model;
using SelfCorrect.Tasks.Arithmetic;
using SelfCorrect.Tasks.Code;
using SelfCorrect.Text;

namespace SelfCorrect.Checkpoints;

/// <summary>What SelfCorrect adds to a model folder (selfcorrect.json): the tokenizer of built-in
/// models, the task it was trained on, and how it was made.</summary>
public sealed record CheckpointInfo
{
    [JsonPropertyName("tokenizer")] public string Tokenizer { get; init; } = "char";
    [JsonPropertyName("alphabet")] public string? Alphabet { get; init; }
    /// <summary>The built-in task: "arithmetic" or "code".</summary>
    [JsonPropertyName("task")] public string Task { get; init; } = "arithmetic";
    [JsonPropertyName("arithmetic")] public ArithmeticConfig? Arithmetic { get; init; }
    /// <summary>The proportions of the arithmetic pretraining corpus (pretrained bases only).</summary>
    [JsonPropertyName("corpus"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public CorpusMix? Corpus { get; init; }
    /// <summary>Settings of the built-in code task, for <see cref="Task"/> "code".</summary>
    [JsonPropertyName("code"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public TinyCodeConfig? Code { get; init; }
    /// <summary>The peak learning rate the base was pretrained with (pretrained bases only).</summary>
    [JsonPropertyName("pretrain_lr"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? PretrainLearningRate { get; init; }
    [JsonPropertyName("made_by")] public string MadeBy { get; init; } = "";
    [JsonPropertyName("seed")] public int Seed { get; init; }
    [JsonPropertyName("step")] public int Step { get; init; }
}

/// <summary>
/// A model folder in Hugging Face layout (config.json + model.safetensors) plus selfcorrect.json.
/// Saving writes into a temporary folder and renames it into place, so a failed save never leaves
/// a half-written checkpoint and never destroys an existing one.
/// </summary>
public static class Checkpoint
{
    public const string ConfigFile = "config.json", WeightsFile = "model.safetensors", InfoFile = "selfcorrect.json";
    static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static void Save(string dir, CausalLM model, CheckpointInfo info)
    {
        IO.AtomicFolder.Write(dir, tmp =>
        {
            File.WriteAllText(Path.Combine(tmp, ConfigFile), model.Config.ToJson());
            SafeTensors.Save(Path.Combine(tmp, WeightsFile), model.state_dict().Select(kv => (kv.Key, kv.Value)),
                new Dictionary<string, string> { ["format"] = "pt" });
            File.WriteAllText(Path.Combine(tmp, InfoFile), JsonSerializer.Serialize(info, Json));
        });
    }

    public static CheckpointInfo ReadInfo(string dir)
    {
        var path = Path.Combine(dir, InfoFile);
        if (!File.Exists(path)) throw new UserError($"{dir} is not a SelfCorrect checkpoint (no {InfoFile})");
        try { return JsonSerializer.Deserialize<CheckpointInfo>(File.ReadAllText(path)) ?? throw new UserError($"{path} is empty"); }
        catch (JsonException e) { throw new UserError($"{path} is corrupt: {e.Message}"); }
    }

    /// <summary>Loads a built-in (character-tokenizer) checkpoint.</summary>
    public static (CausalLM Model, CharTokenizer Tokenizer, CheckpointInfo Info) Load(string dir)
    {
        if (!Directory.Exists(dir)) throw new UserError($"checkpoint folder {dir} does not exist");
        var info = ReadInfo(dir);
        if (info.Tokenizer != "char" || info.Alphabet is null) throw new UserError($"{dir} has no built-in tokenizer (use --model-dir for Hugging Face models)");
        var model = LoadModel(dir);
        return (model, new CharTokenizer(info.Alphabet), info);
    }

    public static CausalLM LoadModel(string dir)
    {
        var config = ModelConfig.Load(Path.Combine(dir, ConfigFile));
        var weights = Path.Combine(dir, WeightsFile);
        if (!File.Exists(weights)) throw new UserError($"missing {weights}");
        var model = new CausalLM(config);
        try { SafeTensors.LoadInto(model, [weights]); }
        catch (InvalidDataException e) { model.Dispose(); throw new UserError($"corrupt checkpoint: {e.Message}"); }
        model.eval();
        return model;
    }
}

using System.Buffers.Binary;
using System.Diagnostics;
using System.Text.Json;
using SelfCorrect.Model;
using static TorchSharp.torch;

namespace SelfCorrect.Benchmarks;

/// <summary>How fast a Hugging Face checkpoint loads and how much memory loading takes beyond the model itself.</summary>
/// <param name="FileBytes">Size of the safetensors file.</param>
/// <param name="ModelBytes">Size of the loaded weights in the target dtype.</param>
/// <param name="MegabytesPerSecond">File bytes (10^6) per second of <see cref="HfCheckpoint.Load"/>, from the page cache.</param>
/// <param name="PeakBytes">Growth of the process's peak resident memory during the load (Linux; -1 elsewhere).</param>
/// <param name="PeakRatio">PeakBytes / ModelBytes: 1 means the load cost nothing beyond the weights themselves.</param>
public sealed record LoaderBenchmarkResult(string Stored, string Target, long FileBytes, long ModelBytes, double Seconds,
    double MegabytesPerSecond, long PeakBytes, double PeakRatio);

/// <summary>
/// Writes a synthetic Qwen2 checkpoint (random finite values, streamed to disk without building a model),
/// then times <see cref="HfCheckpoint.Load"/> and measures its peak memory through /proc/self (the peak
/// is reset just before loading).
/// </summary>
public static class LoaderBenchmark
{
    public static LoaderBenchmarkResult Run(int hidden = 512, int layers = 12, int vocab = 32000,
        ScalarType stored = ScalarType.BFloat16, ScalarType target = ScalarType.BFloat16)
    {
        var dir = Directory.CreateTempSubdirectory("selfcorrect-loader-bench-").FullName;
        try
        {
            var config = BuiltInModel.Config(vocab, hidden, layers, heads: 8, kvHeads: 4) with { TorchDtype = HfCheckpoint.DTypeName(stored) };
            File.WriteAllText(Path.Combine(dir, HfCheckpoint.ConfigFile), config.ToJson());
            long fileBytes = WriteSynthetic(Path.Combine(dir, HfCheckpoint.WeightsFile), config, stored);

            GC.Collect();
            GC.WaitForPendingFinalizers();
            ResetPeak();
            long before = Resident("VmRSS");
            var clock = Stopwatch.StartNew();
            using var model = HfCheckpoint.Load(dir, CPU, target);
            double seconds = clock.Elapsed.TotalSeconds;
            long peak = Resident("VmHWM");
            long modelBytes = model.parameters().Sum(p => p.numel() * p.ElementSize);
            long grew = before < 0 || peak < 0 ? -1 : peak - before;
            return new LoaderBenchmarkResult(SafeTensors.DTypeName(stored), SafeTensors.DTypeName(target), fileBytes, modelBytes, seconds,
                fileBytes / 1e6 / seconds, grew, grew < 0 ? double.NaN : (double)grew / modelBytes);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Streams a safetensors file with every tensor a model of this config has, in random finite values.</summary>
    static long WriteSynthetic(string path, ModelConfig config, ScalarType dtype)
    {
        using var shapes = new CausalLM(config with { VocabSize = 8, HiddenSize = 2 * config.NumAttentionHeads, IntermediateSize = 8, HeadDimOverride = null }, initialize: false);
        var names = shapes.state_dict().Keys.ToList();
        long[] Shape(string name) => name switch
        {
            "model.embed_tokens.weight" or "lm_head.weight" => [config.VocabSize, config.HiddenSize],
            _ when name.EndsWith("norm.weight", StringComparison.Ordinal) => [config.HiddenSize],
            _ when name.Contains("q_proj", StringComparison.Ordinal) => name.EndsWith(".bias", StringComparison.Ordinal)
                ? [config.NumAttentionHeads * config.HeadDim] : [config.NumAttentionHeads * config.HeadDim, config.HiddenSize],
            _ when name.Contains("k_proj", StringComparison.Ordinal) || name.Contains("v_proj", StringComparison.Ordinal) => name.EndsWith(".bias", StringComparison.Ordinal)
                ? [config.KeyValueHeads * config.HeadDim] : [config.KeyValueHeads * config.HeadDim, config.HiddenSize],
            _ when name.Contains("o_proj", StringComparison.Ordinal) => [config.HiddenSize, config.NumAttentionHeads * config.HeadDim],
            _ when name.Contains("down_proj", StringComparison.Ordinal) => [config.HiddenSize, config.IntermediateSize],
            _ => [config.IntermediateSize, config.HiddenSize],
        };
        int element = SafeTensors.ElementSize(SafeTensors.DTypeName(dtype));
        var header = new Dictionary<string, object> { ["__metadata__"] = new Dictionary<string, string> { ["format"] = "pt" } };
        long offset = 0;
        var sizes = new List<long>();
        foreach (var name in names)
        {
            var shape = Shape(name);
            long size = shape.Aggregate(1L, (a, b) => a * b) * element;
            header[name] = new { dtype = SafeTensors.DTypeName(dtype), shape, data_offsets = new[] { offset, offset + size } };
            offset += size;
            sizes.Add(size);
        }
        using var fs = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        SafeTensors.WriteHeader(fs, header);
        var rng = new Random(0);
        var chunk = new byte[1 << 20];
        for (long left = offset; left > 0; left -= chunk.Length)
        {
            rng.NextBytes(chunk);
            // Keep every value finite and small: clear the top exponent bits of each element's high byte.
            for (int i = element - 1; i < chunk.Length; i += element) chunk[i] = (byte)(chunk[i] & 0xBF);
            fs.Write(chunk, 0, (int)Math.Min(chunk.Length, left));
        }
        return fs.Length;
    }

    static void ResetPeak()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    /// <summary>A /proc/self/status field in bytes, or -1 where there is none.</summary>
    static long Resident(string field)
    {
        if (!File.Exists("/proc/self/status")) return -1;
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return line is null ? -1 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }
}

using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SelfCorrect.Model;
using static TorchSharp.torch;

namespace SelfCorrect.Cli.Commands;

/// <summary>selfcorrect logits: the logits of a Hugging Face model at every position of a token sequence,
/// to compare against another implementation.</summary>
public static class LogitsCommand
{
    public static Command Build()
    {
        var modelDir = new Option<string>("--model-dir") { Description = "Hugging Face model folder (config.json + safetensors)", Required = true };
        var ids = new Option<string>("--ids") { Description = "Comma-separated token ids, e.g. 1,2,3", Required = true };
        var json = new Option<string?>("--json") { Description = "Write {\"logits\": [[...], ...]} (a row per position) here" };
        var dtype = new Option<string>("--dtype") { Description = "float32 or bfloat16", DefaultValueFactory = _ => "float32" };
        var device = new Option<string>("--device") { Description = "cpu or cuda", DefaultValueFactory = _ => "cpu" };
        var cmd = new Command("logits", "Print a model's logits at every position of a token sequence") { modelDir, ids, json, dtype, device };
        cmd.SetAction(r =>
        {
            Run(r.GetValue(modelDir)!, r.GetValue(ids)!, r.GetValue(json), r.GetValue(dtype)!, r.GetValue(device)!, Console.Out);
            return 0;
        });
        return cmd;
    }

    public static int[] ParseIds(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) throw new UserError("--ids needs at least one token id");
        return parts.Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out int id)
            ? id : throw new UserError($"--ids: '{p}' is not a token id (expected comma-separated non-negative integers)")).ToArray();
    }

    /// <summary>Computes the logits [T, vocab]; writes them as JSON when <paramref name="jsonPath"/> is set, else prints a summary.</summary>
    public static float[][] Run(string modelDir, string idsText, string? jsonPath, string dtypeName, string deviceName, TextWriter output)
    {
        var ids = ParseIds(idsText);
        var dtype = HfCheckpoint.ParseDType(dtypeName);
        var device = HfCheckpoint.ParseDevice(deviceName);
        using var model = HfCheckpoint.Load(modelDir, device, dtype);
        int vocab = model.Config.VocabSize;
        if (ids.FirstOrDefault(id => id >= vocab, -1) is var bad and >= 0)
            throw new UserError($"--ids: token id {bad} is outside the model's vocabulary (size {vocab})");

        float[][] rows;
        using (no_grad())
        using (var scope = NewDisposeScope())
        {
            var logits = model.Forward(tensor(ids.Select(i => (long)i).ToArray(), [1, ids.Length], device: device)).squeeze(0).cpu();
            var flat = logits.data<float>().ToArray();
            rows = Enumerable.Range(0, ids.Length).Select(t => flat.AsSpan(t * vocab, vocab).ToArray()).ToArray();
        }

        if (jsonPath is not null)
        {
            var full = Path.GetFullPath(jsonPath);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            using var stream = File.Create(full);
            using var w = new Utf8JsonWriter(stream);
            w.WriteStartObject();
            w.WriteStartArray("logits");
            foreach (var row in rows)
            {
                w.WriteStartArray();
                foreach (var x in row) w.WriteNumberValue(x);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            output.WriteLine($"wrote logits [{ids.Length}, {vocab}] to {jsonPath}");
        }
        else
        {
            output.WriteLine($"logits [{ids.Length}, {vocab}] ({HfCheckpoint.DTypeName(dtype)}, {deviceName})");
            for (int t = 0; t < rows.Length; t++)
            {
                int arg = Array.IndexOf(rows[t], rows[t].Max());
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"position {t}: token {ids[t]} -> argmax {arg} (logit {rows[t][arg]:F4})"));
            }
        }
        return rows;
    }
}

using System.CommandLine;
using System.Text.Json;
using SelfCorrect.Checkpoints;
using SelfCorrect.Evaluation;
using SelfCorrect.Generation;
using SelfCorrect.Tasks;
using SelfCorrect.Tasks.Arithmetic;
using SelfCorrect.Text;
using Spectre.Console;

namespace SelfCorrect.Cli.Commands;

static class EvalCommand
{
    public static Command Build()
    {
        var ckptOpt = new Option<string?>("--checkpoint") { Description = "A built-in model folder (from pretrain or train)" };
        var taskOpt = new Option<string>("--task") { Description = "Task: arithmetic", DefaultValueFactory = _ => "arithmetic" };
        var attemptsOpt = new Option<int>("--attempts") { Description = "Attempts per problem (2 or more)", DefaultValueFactory = _ => 2 };
        var greedyOpt = new Option<bool>("--greedy") { Description = "Greedy decoding (the default unless --temperature is given)" };
        var tempOpt = new Option<double?>("--temperature") { Description = "Sample at this temperature instead of greedy decoding" };
        var nOpt = new Option<int>("--n") { Description = "Number of held-out problems", DefaultValueFactory = _ => 1000 };
        var seedOpt = new Option<int>("--seed") { Description = "Seed for problems and sampling", DefaultValueFactory = _ => 1 };
        var jsonOpt = new Option<string?>("--json") { Description = "Write the metrics as JSON here" };
        var diffOpt = new Option<int?>("--difficulty") { Description = "Task difficulty 1-3 (default: the checkpoint's)" };
        var cmd = new Command("eval", "Measure self-correction: Accuracy@t1, Accuracy@t2, Δ, Δi→c, Δc→i, edit ratio")
            { ckptOpt, taskOpt, attemptsOpt, greedyOpt, tempOpt, nOpt, seedOpt, jsonOpt, diffOpt };
        cmd.SetAction(r =>
        {
            var ckpt = r.GetValue(ckptOpt) ?? throw new UserError("--checkpoint is required");
            if (r.GetValue(taskOpt) != "arithmetic") throw new UserError($"unknown task '{r.GetValue(taskOpt)}' (built-in models know: arithmetic)");
            int attempts = r.GetValue(attemptsOpt), n = r.GetValue(nOpt), seed = r.GetValue(seedOpt);
            if (attempts < 1) throw new UserError("--attempts must be at least 1");
            if (n < 1) throw new UserError("--n must be at least 1");
            double? temperature = r.GetValue(tempOpt);
            if (temperature is not null && r.GetValue(greedyOpt)) throw new UserError("--greedy and --temperature exclude each other");
            if (temperature is <= 0) throw new UserError("--temperature must be > 0");
            var (model, tokenizer, info) = Checkpoint.Load(ckpt);
            using var _ = model;
            var task = r.GetValue(diffOpt) is { } d ? ArithmeticConfig.ForDifficulty(d) : info.Arithmetic ?? new ArithmeticConfig();
            var problems = new ArithmeticTask(task).Generate(seed, n, Split.Test);
            var sampling = temperature is { } temp
                ? new SamplingOptions { MaxNewTokens = task.AttemptBudget, Temperature = temp }
                : SamplingOptions.GreedyDecoding(task.AttemptBudget);
            var json = Evaluate(model, tokenizer, task, problems, attempts, sampling, seed);
            if (r.GetValue(jsonOpt) is { } path) WriteJson(path, json);
            PrintTable(json);
            return 0;
        });
        return cmd;
    }

    public static SelfCorrectionMetrics Evaluate(Model.CausalLM model, CharTokenizer tokenizer, ArithmeticConfig task,
        IReadOnlyList<Problem> problems, int attempts, SamplingOptions sampling, int seed)
    {
        var sampler = new EpisodeSampler(model, new CharEpisodeFormat(tokenizer), new ArithmeticVerifier(), task.Instruction);
        using var rng = new TorchSharp.torch.Generator((ulong)seed);
        var episodes = ConsoleProgress.Run("eval", report =>
            sampler.Run(problems, attempts, sampling, rng, progress: (done, total) => report("attempts", done, total)));
        return SelfCorrectionMetrics.Compute(
            episodes.Select(e => (IReadOnlyList<bool>)e.Verdicts.Select(v => v.Reward > 0).ToList()).ToList(),
            episodes.Select(e => (IReadOnlyList<string>)e.AttemptTexts).ToList());
    }

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static void WriteJson(string path, SelfCorrectionMetrics m)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, JsonSerializer.Serialize(m, Json));
    }

    public static void PrintTable(SelfCorrectionMetrics m)
    {
        var table = new Table().AddColumn("metric").AddColumn(new TableColumn("value").RightAligned()).AddColumn(new TableColumn("95% interval").RightAligned());
        string Pct(double x) => (100 * x).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
        string Ci(string key) => m.Ci95.TryGetValue(key, out var c) ? $"[{Pct(c[0])}, {Pct(c[1])}]" : "";
        void Row(string a, string b, string c) => table.AddRow(new Spectre.Console.Text(a), new Spectre.Console.Text(b), new Spectre.Console.Text(c));
        for (int t = 0; t < m.Accuracy.Length; t++) Row($"Accuracy@t{t + 1}", Pct(m.Accuracy[t]), Ci($"accuracy_t{t + 1}"));
        Row($"Δ(t1,t{m.Accuracy.Length})", Pct(m.Delta), Ci("delta"));
        Row("Δi→c", Pct(m.DeltaIToC), Ci("delta_i_to_c"));
        Row("Δc→i", Pct(m.DeltaCToI), Ci("delta_c_to_i"));
        Row("edit ratio", m.EditRatio.ToString("F3", System.Globalization.CultureInfo.InvariantCulture), "");
        table.Caption($"n = {m.N}; figures in percent");
        AnsiConsole.Write(table);
    }
}

using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SelfCorrect.Experiments;

namespace SelfCorrect.Cli.Commands;

static class ReproduceCommand
{
    public static Command Build()
    {
        var preset = new Option<string>("--preset") { Description = "quick (a smoke test, ~2.5 min) | default (~8 min on 2 cores) | full (adds the ablations)", DefaultValueFactory = _ => "default" };
        var seed = new Option<int>("--seed") { Description = "Seed for pretraining, training and the test set", DefaultValueFactory = _ => 1 };
        var difficulty = new Option<int>("--difficulty") { Description = "Task difficulty 1-3 (3 pretrains half as long again)", DefaultValueFactory = _ => 2 };
        var outDir = new Option<string>("--out") { Description = "Output folder", DefaultValueFactory = _ => "runs/reproduce" };
        var cmd = new Command("reproduce", "Pretrain the base model, train SCoRe and every baseline with equal budgets, evaluate all on one held-out test set")
            { preset, seed, difficulty, outDir };
        cmd.SetAction(r =>
        {
            var p = ReproducePreset.Get(r.GetValue(preset)!);
            int s = r.GetValue(seed), d = r.GetValue(difficulty);
            if (d is < 1 or > 3) throw new UserError("--difficulty must be 1, 2 or 3");
            string dir = r.GetValue(outDir)!;
            var clock = Stopwatch.StartNew();
            var results = ConsoleProgress.Run("reproduce", report => new Reproduction(p, s, d, dir).Run(report));
            double wall = clock.Elapsed.TotalSeconds;
            var plots = Plots.Write(dir, results);
            WriteResults(Path.Combine(dir, "results.json"), p, s, d, wall, results);
            var md = Report(p, s, d, wall, results, plots.Select(Path.GetFileName).ToList()!);
            File.WriteAllText(Path.Combine(dir, "report.md"), md);
            Console.WriteLine(md);
            return 0;
        });
        return cmd;
    }

    static void WriteResults(string path, ReproducePreset p, int seed, int difficulty, double wall, IReadOnlyList<MethodResult> results)
    {
        var doc = new Dictionary<string, object>
        {
            ["preset"] = p.Name, ["seed"] = seed, ["difficulty"] = difficulty, ["threads"] = TorchSharp.torch.get_num_threads(),
            ["wall_seconds"] = Math.Round(wall, 1),
            ["methods"] = results.ToDictionary(x => x.Name, x => (object)x.Metrics),
        };
        File.WriteAllText(path, JsonSerializer.Serialize(doc, new JsonSerializerOptions { WriteIndented = true }));
    }

    static string Report(ReproducePreset p, int seed, int difficulty, double wall, IReadOnlyList<MethodResult> results, IReadOnlyList<string> plots)
    {
        string Pct(double x) => (100 * x).ToString("F1", CultureInfo.InvariantCulture);
        string Ci(SelfCorrect.Evaluation.SelfCorrectionMetrics m, string key) => m.Ci95.TryGetValue(key, out var c) ? $" [{Pct(c[0])}, {Pct(c[1])}]" : "";
        var sb = new StringBuilder();
        sb.AppendLine($"# SelfCorrect reproduction ({p.Name})");
        sb.AppendLine();
        sb.AppendLine($"Seed {seed}, difficulty {difficulty}, {results[0].Metrics.N} held-out test problems, greedy decoding, {TorchSharp.torch.get_num_threads()} threads, wall time {wall:F0} s.");
        sb.AppendLine($"Every trained method: {p.Stage1Steps + p.Stage2Steps} gradient steps on 16 prompts x 4 samples each (SCoRe: {p.Stage1Steps} Stage I + {p.Stage2Steps} Stage II, interleaved as {p.ScoreSchedule}).");
        sb.AppendLine();
        sb.AppendLine("| method | Acc@t1 | Acc@t2 | Δ(t1,t2) | Δi→c | Δc→i | edit ratio |");
        sb.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var r in results)
        {
            var m = r.Metrics;
            sb.AppendLine($"| {r.Name} | {Pct(m.Accuracy[0])}{Ci(m, "accuracy_t1")} | {Pct(m.Accuracy[1])}{Ci(m, "accuracy_t2")} | {Pct(m.Delta)}{Ci(m, "delta")} | {Pct(m.DeltaIToC)}{Ci(m, "delta_i_to_c")} | {Pct(m.DeltaCToI)}{Ci(m, "delta_c_to_i")} | {m.EditRatio.ToString("F3", CultureInfo.InvariantCulture)} |");
        }
        sb.AppendLine();
        sb.AppendLine("Figures in percent with 95% intervals (Wilson for proportions; paired normal approximation for Δ).");
        sb.AppendLine();
        foreach (var plot in plots) sb.AppendLine($"![{plot}]({plot})");
        return sb.ToString();
    }
}

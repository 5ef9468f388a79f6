using SelfCorrect.Experiments;

namespace SelfCorrect.Cli.Commands;

/// <summary>PNG plots of a reproduction (ScottPlot): training curves of every trained method.</summary>
static class Plots
{
    public static IReadOnlyList<string> Write(string dir, IReadOnlyList<MethodResult> results)
    {
        Directory.CreateDirectory(dir);
        var trained = results.Where(r => r.History is not null).ToList();
        var files = new List<string>();
        files.Add(Line(dir, "reward_per_attempt.png", "Training reward per attempt (sampled)", "step", "mean reward",
            trained.SelectMany(r => new[]
            {
                ($"{r.Name} t1", Series(r, "reward_t1")),
                ($"{r.Name} t2", Series(r, "reward_t2")),
            })));
        files.Add(Line(dir, "heldout_accuracy.png", "Held-out accuracy (greedy)", "step", "accuracy",
            trained.SelectMany(r => new[]
            {
                ($"{r.Name} Acc@t1", r.History!.HeldOut.Select(p => ((double)p.Step, p.AccT1)).ToArray()),
                ($"{r.Name} Acc@t2", r.History!.HeldOut.Select(p => ((double)p.Step, p.AccT2)).ToArray()),
            })));
        files.Add(Line(dir, "flips.png", "Flips in training episodes", "step", "fraction of episodes",
            trained.SelectMany(r => new[]
            {
                ($"{r.Name} i→c", Series(r, "flip_i_to_c")),
                ($"{r.Name} c→i", Series(r, "flip_c_to_i")),
            })));
        files.Add(Line(dir, "edit_ratio.png", "Edit ratio between attempts (held-out, greedy)", "step", "edit distance / combined length",
            trained.Select(r => (r.Name, r.History!.HeldOut.Select(p => ((double)p.Step, p.EditRatio)).ToArray()))));
        return files;
    }

    static (double, double)[] Series(MethodResult r, string key) =>
        Smooth(r.History!.Steps.Where(s => s.ContainsKey(key) && !double.IsNaN(s[key])).Select(s => (s["step"], s[key])).ToArray(), 10);

    /// <summary>Trailing moving average, so that noisy per-step figures stay readable.</summary>
    static (double, double)[] Smooth((double X, double Y)[] points, int window) =>
        points.Select((p, i) => (p.X, points.Skip(Math.Max(0, i - window + 1)).Take(Math.Min(window, i + 1)).Average(q => q.Y))).ToArray();

    static string Line(string dir, string file, string title, string xLabel, string yLabel, IEnumerable<(string Name, (double X, double Y)[] Points)> series)
    {
        var plot = new ScottPlot.Plot();
        foreach (var (name, points) in series.Where(s => s.Points.Length > 0))
        {
            var sp = plot.Add.Scatter(points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray());
            sp.LegendText = name;
            sp.MarkerSize = 0;
        }
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.ShowLegend(ScottPlot.Alignment.LowerRight);
        var path = Path.Combine(dir, file);
        plot.SavePng(path, 900, 560);
        return path;
    }
}

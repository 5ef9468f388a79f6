using System.Diagnostics;

namespace SelfCorrect.Sandbox;

/// <summary>Measures sandboxed runs per second on a real tiny program and the sandbox's own overhead.</summary>
public static class SandboxBenchmark
{
    private static readonly SandboxJob Tiny = new(
        "def f(x): return x*3+1\n", "assert f(0) == 1\nassert f(2) == 7\nassert f(-3) == -8\n");
    private static readonly SandboxJob Empty = new("", "");

    /// <param name="runs">Sandboxed runs for the throughput figure (the overhead figures use up to 10 each).</param>
    /// <param name="concurrency">Runs at once for the throughput figure.</param>
    public static SandboxBenchmarkResult Run(int runs, int concurrency = 2)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(runs);
        using var sandbox = new PythonSandbox(SandboxLimits.Default with { Concurrency = concurrency });
        var capabilities = sandbox.Capabilities;
        sandbox.Run(Tiny); // warm-up: JIT and page cache

        var stopwatch = Stopwatch.StartNew();
        var results = sandbox.RunAll(Enumerable.Repeat(Tiny, runs).ToList());
        var seconds = stopwatch.Elapsed.TotalSeconds;
        var bad = results.FirstOrDefault(r => !r.Passed);
        if (bad is not null)
            throw new InvalidOperationException($"benchmark program did not pass: {bad.Status.ToWord()} {bad.Detail}");

        var samples = Math.Min(runs, 10);
        var empty = Mean(samples, () => sandbox.Run(Empty));
        var direct = Mean(samples, () => RunDirect(capabilities.PythonPath));
        return new SandboxBenchmarkResult(runs, concurrency, runs / seconds, empty, direct, capabilities.Describe());
    }

    private static double Mean(int samples, Action action)
    {
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < samples; i++) action();
        return stopwatch.Elapsed.TotalMilliseconds / samples;
    }

    private static void RunDirect(string python)
    {
        var start = new ProcessStartInfo(python) { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var a in new[] { "-I", "-S", "-B", "-c", "pass" }) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {python}");
        process.WaitForExit();
    }
}

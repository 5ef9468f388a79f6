namespace SelfCorrect.Sandbox;

/// <summary>Sandbox throughput and overhead on this machine.</summary>
/// <param name="Runs">Sandboxed runs of the tiny test program.</param>
/// <param name="Concurrency">How many ran at once.</param>
/// <param name="RunsPerSecond">Sandboxed runs of a real tiny program with its asserts, per second.</param>
/// <param name="SandboxedEmptyMs">Mean latency of a sandboxed program that does nothing (one at a time).</param>
/// <param name="DirectPythonMs">Mean latency of <c>python3 -I -S -c pass</c> without any sandbox.</param>
/// <param name="Isolation">The active isolation, as <see cref="SandboxCapabilities.Describe"/> says it.</param>
public sealed record SandboxBenchmarkResult(
    int Runs, int Concurrency, double RunsPerSecond, double SandboxedEmptyMs, double DirectPythonMs, string Isolation)
{
    /// <summary>What the sandbox adds to a bare interpreter start, in milliseconds.</summary>
    public double OverheadMs => SandboxedEmptyMs - DirectPythonMs;

    public override string ToString() =>
        $"sandbox: {RunsPerSecond:0.0} runs/s ({Runs} runs, concurrency {Concurrency}); empty program " +
        $"{SandboxedEmptyMs:0.0} ms sandboxed vs {DirectPythonMs:0.0} ms bare python (overhead {OverheadMs:0.0} ms); {Isolation}";
}

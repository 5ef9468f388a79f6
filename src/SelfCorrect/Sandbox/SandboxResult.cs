namespace SelfCorrect.Sandbox;

/// <summary>The outcome of one sandboxed run.</summary>
/// <param name="Status">How it ended; only <see cref="SandboxStatus.Passed"/> earns reward.</param>
/// <param name="ExitCode">The program's exit code (negative: killed by that signal); null when the sandbox killed it.</param>
/// <param name="Stdout">What the program printed (capped, harness markers removed).</param>
/// <param name="StderrHead">The first lines of its stderr.</param>
/// <param name="Detail">A short explanation of the status ("cpu limit of 2 s", "AssertionError", ...).</param>
/// <param name="WallSeconds">Wall-clock time of the whole run, sandbox set-up included.</param>
/// <param name="CpuSeconds">CPU time of the program's main process, when known.</param>
public sealed record SandboxResult(
    SandboxStatus Status,
    int? ExitCode,
    string Stdout,
    string StderrHead,
    string? Detail,
    double WallSeconds,
    double? CpuSeconds)
{
    public bool Passed => Status == SandboxStatus.Passed;
}

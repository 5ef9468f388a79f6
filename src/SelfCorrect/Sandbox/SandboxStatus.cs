namespace SelfCorrect.Sandbox;

/// <summary>How a sandboxed run ended.</summary>
public enum SandboxStatus
{
    /// <summary>Exit code 0 and the harness's per-run pass marker seen: every test passed.</summary>
    Passed,
    /// <summary>A test failed (AssertionError), or the program exited before the tests finished.</summary>
    Failed,
    /// <summary>Wall-clock or CPU limit reached.</summary>
    Timeout,
    /// <summary>Memory limit reached (MemoryError or an allocation failure).</summary>
    Memory,
    /// <summary>Any other error: syntax error, exception, signal.</summary>
    Crashed,
    /// <summary>The program wrote more than the output limit.</summary>
    OutputLimit,
}

public static class SandboxStatusWords
{
    /// <summary>The word used in <see cref="SelfCorrect.Tasks.Verdict.Status"/>: passed, failed, timeout, memory, crashed, output-limit.</summary>
    public static string ToWord(this SandboxStatus status) => status switch
    {
        SandboxStatus.Passed => "passed",
        SandboxStatus.Failed => "failed",
        SandboxStatus.Timeout => "timeout",
        SandboxStatus.Memory => "memory",
        SandboxStatus.Crashed => "crashed",
        SandboxStatus.OutputLimit => "output-limit",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };
}

using SelfCorrect.Sandbox;

namespace SelfCorrect.Tests.Sandbox;

public class SandboxBenchmarkTests
{
    [Fact]
    public void BenchmarkReportsPositiveFigures()
    {
        var result = SandboxBenchmark.Run(runs: 4, concurrency: 2);
        Assert.Equal(4, result.Runs);
        Assert.True(result.RunsPerSecond > 0);
        Assert.True(result.SandboxedEmptyMs > 0 && result.DirectPythonMs > 0);
        Assert.Contains("runs/s", result.ToString());
    }
}

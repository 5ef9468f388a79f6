using SelfCorrect.Benchmarks;
using static TorchSharp.torch;

namespace SelfCorrect.Tests.Benchmarks;

public class LoaderBenchmarkTests
{
    [Fact]
    public void ASmallRunReportsConsistentFigures()
    {
        var r = LoaderBenchmark.Run(hidden: 64, layers: 2, vocab: 512, stored: ScalarType.BFloat16, target: ScalarType.Float32);
        Assert.Equal(("BF16", "F32"), (r.Stored, r.Target));
        long parameters = 512 * 64 + 2 * (64 * 64 * 2 + 2 * 32 * 64 + 64 + 2 * 32 + 3 * 64 * 192 + 2 * 64) + 64;
        Assert.Equal(parameters * 4, r.ModelBytes);
        Assert.True(r.FileBytes > parameters * 2 && r.FileBytes < parameters * 2 + 16_384, $"file of {r.FileBytes} bytes");
        Assert.True(r.Seconds > 0 && r.MegabytesPerSecond > 0);
    }
}

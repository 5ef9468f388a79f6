using SelfCorrect.Runtime;
using TorchSharp;

namespace SelfCorrect.Tests.Runtime;

public class TorchRuntimeTests
{
    [Fact]
    public void TensorOpRuns()
    {
        TorchRuntime.Ensure();
        using var a = torch.ones(2, 3);
        using var b = torch.full(3, 4, 2.0f);
        using var c = a.matmul(b);
        Assert.Equal(new long[] { 2, 4 }, c.shape);
        Assert.Equal(6.0f, c[1, 3].item<float>());
    }

    [Fact]
    public void PatchedLibraryHasNoStrongGlibcxx332()
    {
        TorchRuntime.Ensure();
        var lib = Directory.GetFiles(AppContext.BaseDirectory, "libLibTorchSharp.so", SearchOption.AllDirectories).First();
        var reqs = ElfVersionPatcher.ReadRequirements(File.ReadAllBytes(lib));
        Assert.Contains(reqs, r => r.Name.StartsWith("GLIBCXX_3.4", StringComparison.Ordinal));
        // Either the system provides 3.4.32 (then nothing is patched) or the requirement is weak.
        Assert.DoesNotContain(reqs, r => r.Name == "GLIBCXX_3.4.32" && !r.Weak && TorchRuntime.Status.StartsWith("patched", StringComparison.Ordinal));
    }

    [Fact]
    public void MarkWeakSetsOnlyTheNamedRequirement()
    {
        var src = Directory.GetFiles(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages", "torchsharp"),
            "libLibTorchSharp.so", SearchOption.AllDirectories).FirstOrDefault()
            ?? Directory.GetFiles(AppContext.BaseDirectory, "libLibTorchSharp.so", SearchOption.AllDirectories).First();
        var bytes = File.ReadAllBytes(src);
        var before = ElfVersionPatcher.ReadRequirements(bytes);
        ElfVersionPatcher.MarkWeak(bytes, new HashSet<string> { "GLIBCXX_3.4.32" });
        var after = ElfVersionPatcher.ReadRequirements(bytes);
        Assert.Equal(before.Count, after.Count);
        for (int i = 0; i < before.Count; i++)
            Assert.Equal(before[i].Name == "GLIBCXX_3.4.32" || before[i].Weak, after[i].Weak);
        Assert.Contains(after, r => r.Name == "GLIBCXX_3.4.32" && r.Weak);
    }
}

namespace SelfCorrect.Tests;

/// <summary>
/// For in-process tests that seed torch's process-wide random generator (model initialisation does) and compare two
/// runs: a test class running in parallel could draw from that generator between the seeding and the draws. xunit
/// runs this collection on its own, after the parallel ones.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalTorchRng
{
    public const string Name = "global torch RNG";
}

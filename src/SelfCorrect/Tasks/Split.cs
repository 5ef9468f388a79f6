namespace SelfCorrect.Tasks;

public enum Split { Train, Test }

/// <summary>Assigns each problem to a split by a stable hash of its canonical text, so the splits are
/// disjoint by construction whatever the seeds and counts.</summary>
public static class SplitAssignment
{
    public static Split Of(string canonical, int testEvery = 4) => Fnv1a(canonical) % (uint)testEvery == 0 ? Split.Test : Split.Train;

    public static uint Fnv1a(string s)
    {
        uint h = 2166136261;
        foreach (char c in s) { h ^= c; h *= 16777619; }
        return h;
    }
}

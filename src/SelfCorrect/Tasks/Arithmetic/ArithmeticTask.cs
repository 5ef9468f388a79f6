namespace SelfCorrect.Tasks.Arithmetic;

/// <summary>Seeded problem generator with train/test splits disjoint by construction.</summary>
public sealed class ArithmeticTask(ArithmeticConfig config)
{
    public ArithmeticConfig Config { get; } = config;

    public IReadOnlyList<ArithmeticProblem> Generate(int seed, int count, Split split)
    {
        Config.Validate();
        var rng = new Random(seed * 2 + (split == Split.Test ? 1 : 0));
        var list = new List<ArithmeticProblem>(count);
        int lo = Config.Digits == 1 ? 1 : (int)Math.Pow(10, Config.Digits - 1), hi = (int)Math.Pow(10, Config.Digits);
        while (list.Count < count)
        {
            int n = rng.Next(Config.MinTerms, Config.MaxTerms + 1);
            var terms = new int[n];
            for (int i = 0; i < n; i++) terms[i] = rng.Next(lo, hi);
            var p = new ArithmeticProblem($"{split.ToString().ToLowerInvariant()}-{list.Count}", terms);
            if (SplitAssignment.Of(p.Prompt) == split) list.Add(p);
        }
        return list;
    }
}

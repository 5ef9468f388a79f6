namespace SelfCorrect.Tasks.Arithmetic;

/// <summary>Seeded problem generator with train/test splits disjoint by construction.</summary>
public sealed class ArithmeticTask(ArithmeticConfig config)
{
    public ArithmeticConfig Config { get; } = config;

    /// <param name="termCount">Draws the number of terms of each problem; default uniform over MinTerms..MaxTerms.</param>
    public IReadOnlyList<ArithmeticProblem> Generate(int seed, int count, Split split, Func<Random, int>? termCount = null)
    {
        Config.Validate();
        var rng = new Random(seed * 2 + (split == Split.Test ? 1 : 0));
        var list = new List<ArithmeticProblem>(count);
        int lo = Config.Digits == 1 ? 1 : (int)Math.Pow(10, Config.Digits - 1), hi = (int)Math.Pow(10, Config.Digits);
        while (list.Count < count)
        {
            int n = termCount?.Invoke(rng) ?? rng.Next(Config.MinTerms, Config.MaxTerms + 1);
            var terms = new int[n];
            for (int i = 0; i < n; i++)
                do terms[i] = rng.Next(lo, hi);
                while (Config.DistinctTerms && Array.IndexOf(terms, terms[i], 0, i) >= 0);
            var p = new ArithmeticProblem($"{split.ToString().ToLowerInvariant()}-{list.Count}", terms);
            if (SplitAssignment.Of(p.Prompt) == split) list.Add(p);
        }
        return list;
    }
}

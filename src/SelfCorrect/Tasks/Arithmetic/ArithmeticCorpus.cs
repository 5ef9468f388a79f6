namespace SelfCorrect.Tasks.Arithmetic;

/// <summary>A training conversation: a problem and the attempts written for it.</summary>
public sealed record Conversation(Problem Problem, IReadOnlyList<string> Attempts);

/// <summary>
/// The base model's pretraining corpus. Mirrors a pretrained LLM: first attempts with the solver's
/// systematic slips and budget truncation, and a minority of noisy revision examples whose second
/// attempt mostly repeats the first (so greedy self-correction is about zero), sometimes fixes or
/// continues it (so sampling sometimes corrects), and rarely breaks a right answer.
/// </summary>
public sealed class ArithmeticCorpus(ArithmeticConfig config, CorpusMix? mix = null)
{
    readonly CorpusMix _mix = mix ?? new CorpusMix();

    public IReadOnlyList<Conversation> Generate(int seed, int count)
    {
        var problems = new ArithmeticTask(config).Generate(seed, count, Split.Train, TermCount());
        var rng = new Random(seed + 7919);
        var solver = new ImperfectSolver(config) { SlipRate = _mix.SlipRate, StopUnfinishedWithoutAnswer = _mix.StopUnfinishedWithoutAnswer };
        var list = new List<Conversation>(count);
        foreach (var p in problems)
        {
            var first = solver.FirstAttempt(p.Terms, rng);
            bool incomplete = solver.StepsThatFit(p.Terms) < p.Terms.Length - 1;
            if (rng.NextDouble() >= (incomplete ? _mix.IncompleteRevisionFraction : _mix.RevisionFraction)) { list.Add(new(p, [first])); continue; }
            list.Add(new(p, [first, Revise(p, first, solver, rng)]));
        }
        return list;
    }

    /// <summary>Draws term counts so that <see cref="CorpusMix.UnfinishedShare"/> of problems cannot be finished in one attempt.</summary>
    Func<Random, int>? TermCount()
    {
        int fits = config.StepsPerAttempt + 1; // most terms one attempt can finish
        if (_mix.UnfinishedShare is not double share || config.MaxTerms <= fits || config.MinTerms > fits) return null;
        return rng => rng.NextDouble() < share ? rng.Next(fits + 1, config.MaxTerms + 1) : rng.Next(config.MinTerms, fits + 1);
    }

    string Revise(ArithmeticProblem p, string first, ImperfectSolver solver, Random rng)
    {
        bool complete = solver.StepsThatFit(p.Terms) == p.Terms.Length - 1;
        bool right = ArithmeticVerifier.Extract(first) == p.Answer;
        if (!complete) return rng.NextDouble() < _mix.ContinueRate ? solver.Continue(p.Terms, first) : first;
        if (right) return rng.NextDouble() < _mix.BreakRate ? Break(first) : first;
        return rng.NextDouble() < _mix.FixRate ? solver.FirstAttempt(p.Terms, rng, perfect: true) : first;
    }

    /// <summary>A right answer made wrong by ten in its last running sum.</summary>
    static string Break(string right)
    {
        int eq = right.LastIndexOf('=');
        int last = int.Parse(right[(eq + 1)..^1], System.Globalization.CultureInfo.InvariantCulture);
        return right[..(eq + 1)] + (last >= 10 ? last - 10 : last + 10) + ".";
    }
}

using SelfCorrect.Tasks.Arithmetic;

namespace SelfCorrect.Tasks.Code;

/// <summary>
/// The pretraining corpus of the built-in code model, mirroring <see cref="ArithmeticCorpus"/>: first attempts
/// are the reference program or, in a share of examples, a plausible wrong one (<see cref="CodeTask.SampleWrongSolution"/>);
/// a minority of revision examples has a second attempt that mostly copies the first, sometimes fixes a wrong
/// program and rarely breaks a right one, so greedy self-correction of the base model is about zero while
/// sampling sometimes corrects. Problems come from the train split only.
/// </summary>
public sealed class CodeCorpus
{
    public double WrongRate { get; init; } = 0.4;
    public double RevisionFraction { get; init; } = 0.4;
    public double FixRate { get; init; } = 0.25;
    public double BreakRate { get; init; } = 0.05;

    public IReadOnlyList<Conversation> Generate(int seed, int count)
    {
        var problems = CodeTask.Generate(seed, count, Split.Train);
        var rng = new Random(seed + 7919);
        var list = new List<Conversation>(count);
        foreach (var p in problems)
        {
            bool wrong = rng.NextDouble() < WrongRate;
            var first = wrong ? CodeTask.SampleWrongSolution(p, rng) : p.Answer;
            if (rng.NextDouble() >= RevisionFraction) { list.Add(new(p, [first])); continue; }
            string second = wrong
                ? rng.NextDouble() < FixRate ? p.Answer : first
                : rng.NextDouble() < BreakRate ? CodeTask.SampleWrongSolution(p, rng) : first;
            list.Add(new(p, [first, second]));
        }
        return list;
    }
}

namespace SelfCorrect.Tasks.Arithmetic;

/// <summary>
/// Writes the solutions of the base model's pretraining corpus, with the two kinds of error the
/// SCoRe contrast needs (docs/task-design.md):
/// (A) a systematic slip that one attempt can learn to avoid: when the added term ends in 8 or 9
///     and the units carry, the carry is forgotten with probability <see cref="SlipRate"/>;
/// (B) a budget that only a second look can beat: sums with more steps than fit one attempt stop
///     after the steps that fit and give that running sum, which is wrong; a later attempt can continue
///     from the last running sum it sees.
/// </summary>
public sealed class ImperfectSolver(ArithmeticConfig config)
{
    public double SlipRate { get; init; } = 0.75;
    /// <summary>An attempt that runs out of room stops after its last running sum without the final '.', as an LLM
    /// answer cut off by its token limit states no answer (reward 0); otherwise it ends with '.' and a wrong answer.</summary>
    public bool StopUnfinishedWithoutAnswer { get; init; }

    public static bool IsSlipStep(int runningSum, int term) => term % 10 >= 8 && runningSum % 10 + term % 10 >= 10;

    /// <summary>Running sums one attempt writes: all of them, or as many as fit.</summary>
    public int StepsThatFit(int[] terms) => Math.Min(terms.Length - 1, config.StepsPerAttempt);

    /// <summary>A first attempt as the base corpus writes it: slips in class (A), truncation for (B).</summary>
    public string FirstAttempt(int[] terms, Random rng, bool perfect = false)
    {
        int steps = StepsThatFit(terms);
        var sb = new System.Text.StringBuilder();
        int sum = terms[0];
        sb.Append(terms[0]);
        for (int i = 1; i <= steps; i++)
        {
            int next = sum + terms[i];
            if (!perfect && IsSlipStep(sum, terms[i]) && rng.NextDouble() < SlipRate) next -= 10;
            sb.Append('+').Append(terms[i]).Append('=').Append(next);
            sum = next;
        }
        return steps < terms.Length - 1 && StopUnfinishedWithoutAnswer ? sb.ToString() : sb.Append('.').ToString();
    }

    /// <summary>Continues from the last running sum of <paramref name="previous"/> through the remaining terms, without slips.</summary>
    public string Continue(int[] terms, string previous)
    {
        int done = previous.Count(c => c == '+');
        int eq = previous.LastIndexOf('=');
        if (eq < 0 || done >= terms.Length - 1) return previous;
        int sum = int.Parse(previous[(eq + 1)..].TrimEnd('.'), System.Globalization.CultureInfo.InvariantCulture);
        var sb = new System.Text.StringBuilder().Append(sum);
        for (int i = done + 1; i < terms.Length; i++)
        {
            sum += terms[i];
            sb.Append('+').Append(terms[i]).Append('=').Append(sum);
        }
        return sb.Append('.').ToString();
    }
}

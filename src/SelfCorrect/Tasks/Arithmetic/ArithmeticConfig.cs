namespace SelfCorrect.Tasks.Arithmetic;

/// <summary>
/// The built-in task: add several numbers, writing each running sum ("47+18=65+36=101."). Each attempt
/// has a token budget; sums of more terms than fit must be finished in a later attempt.
/// </summary>
public sealed record ArithmeticConfig
{
    public int MinTerms { get; init; } = 2;
    public int MaxTerms { get; init; } = 6;
    public int Digits { get; init; } = 1;
    /// <summary>Running sums one attempt has room for; longer sums need a later attempt to finish.</summary>
    public int StepsPerAttempt { get; init; } = 4;
    /// <summary>No term appears twice in a problem, so "+t" names one place in the problem: the next term to add,
    /// and whether any is left, can be looked up from the last term written (docs/task-design.md).</summary>
    public bool DistinctTerms { get; init; }
    /// <summary>Tokens one attempt may write, end-of-turn included (the generation limit).</summary>
    public int AttemptBudget => 2 + Digits + StepsPerAttempt * (2 + Digits + Digits + 1 + (MaxTerms > 9 ? 2 : 1));
    /// <summary>The correction instruction p1 shown between attempts.</summary>
    public string Instruction { get; init; } = "Fix any error.";

    /// <summary>Difficulty 1 (2-5 terms: every sum fits one attempt), 2 (default: 2-6 terms), 3 (3-7 terms).</summary>
    public static ArithmeticConfig ForDifficulty(int difficulty) => difficulty switch
    {
        1 => new() { MinTerms = 2, MaxTerms = 5 },
        2 => new(),
        3 => new() { MinTerms = 3, MaxTerms = 7 },
        _ => throw new UserError($"difficulty must be 1, 2 or 3 (got {difficulty})"),
    };

    public void Validate()
    {
        if (MinTerms < 2 || MaxTerms < MinTerms || MaxTerms > 9) throw new UserError("terms must satisfy 2 <= min <= max <= 9");
        if (Digits is < 1 or > 4) throw new UserError("digits must be between 1 and 4");
        if (StepsPerAttempt < 1) throw new UserError("steps per attempt must be at least 1");
    }
}

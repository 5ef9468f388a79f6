namespace SelfCorrect.Tasks.Code;

/// <summary>Settings of the built-in tiny code task for a character model: the correction instruction p1
/// and the tokens one attempt may write (end-of-turn included; the longest reference program is 27 characters).</summary>
public sealed record TinyCodeConfig
{
    public string Instruction { get; init; } = CodePrompts.ShortCorrectionInstruction;
    public int AttemptBudget { get; init; } = 40;

    public void Validate()
    {
        if (AttemptBudget < 8) throw new UserError("the code task's attempt budget must be at least 8 tokens");
        if (string.IsNullOrWhiteSpace(Instruction)) throw new UserError("the code task needs a correction instruction");
    }
}

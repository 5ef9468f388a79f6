namespace SelfCorrect.Tasks.Mathematics;

/// <summary>The prompts of the SCoRe MATH setup (zero-shot, Minerva answer format), all replaceable.</summary>
/// <param name="Attempt1Template">The first-attempt prompt; <c>{problem}</c> is replaced by the problem text
/// and <c>{format}</c> by <paramref name="FormatInstruction"/>.</param>
/// <param name="FormatInstruction">Asks for the "Final Answer: The final answer is X. I hope it is correct." form.</param>
/// <param name="CorrectionInstruction">The second-turn instruction of SCoRe, asking the model to revise its first attempt.</param>
public sealed record PromptConfig(
    string Attempt1Template = PromptConfig.DefaultAttempt1Template,
    string FormatInstruction = PromptConfig.DefaultFormatInstruction,
    string CorrectionInstruction = PromptConfig.DefaultCorrectionInstruction)
{
    public const string ProblemPlaceholder = "{problem}";
    public const string FormatPlaceholder = "{format}";

    public const string DefaultAttempt1Template = "{problem}\n\n{format}";

    public const string DefaultFormatInstruction =
        "Solve the problem step by step. At the end of the solution, when you give your final answer, "
        + "write it in the form \"Final Answer: The final answer is $answer$. I hope it is correct.\"";

    /// <summary>The self-correction instruction of the SCoRe paper, verbatim.</summary>
    public const string DefaultCorrectionInstruction =
        "There might be an error in the solution above because of lack of understanding of the question. "
        + "Please correct the error, if any, and rewrite the solution.";

    public static PromptConfig Default { get; } = new();

    /// <summary>The first-attempt prompt x1 for a problem text.</summary>
    public string Attempt1(string problem)
    {
        if (!Attempt1Template.Contains(ProblemPlaceholder, StringComparison.Ordinal))
            throw new UserError($"the attempt-1 prompt template has no {ProblemPlaceholder} placeholder");
        return Attempt1Template.Replace(FormatPlaceholder, FormatInstruction, StringComparison.Ordinal)
            .Replace(ProblemPlaceholder, problem, StringComparison.Ordinal);
    }

    /// <summary>The user turn that follows the first attempt: the correction instruction plus the format reminder.</summary>
    public string CorrectionTurn =>
        FormatInstruction.Length == 0 ? CorrectionInstruction : CorrectionInstruction + " " + FormatInstruction;
}

namespace SelfCorrect.Tasks.Code;

/// <summary>Instructions for the second attempt on code problems.</summary>
public static class CodePrompts
{
    /// <summary>The code self-correction instruction of the SCoRe paper (Kumar et al. 2024).</summary>
    public const string CorrectionInstruction =
        "# There might be an error in the code above because of lack of understanding of the question. " +
        "Please correct the error, if any, and rewrite the solution. Only output the final correct Python program!";

    /// <summary>A short variant for the built-in tiny task, whose models see about 256 characters.</summary>
    public const string ShortCorrectionInstruction = "# Fix it if wrong:";
}

namespace SelfCorrect.Tasks.Mathematics;

/// <summary>A math problem as loaded from a data file.</summary>
/// <param name="Prompt">The formatted first-attempt prompt (see <see cref="PromptConfig.Attempt1"/>).</param>
/// <param name="Answer">The reference answer: the last box of a MATH solution, the number after "####" in GSM8K.</param>
/// <param name="Question">The raw problem text, before prompt formatting.</param>
/// <param name="Level">MATH's difficulty ("Level 3"), when the file has it.</param>
/// <param name="Type">MATH's subject ("Algebra"), when the file has it.</param>
public sealed record MathProblem(string Id, string Prompt, string Answer, string Question, string? Level = null, string? Type = null)
    : Problem(Id, Prompt, Answer);

namespace SelfCorrect.Tasks.Code;

/// <summary>A programming problem checked by running the program against its tests.</summary>
/// <param name="Answer">A reference solution: a complete Python program.</param>
/// <param name="Tests">Python source run after the program in its namespace (asserts, or a <c>check</c> definition).</param>
/// <param name="EntryPoint">The function under test; when set, the sandbox calls <c>check(EntryPoint)</c> (HumanEval).</param>
/// <param name="CodePrefix">Code the completion may merely continue (the HumanEval prompt); see <see cref="ProgramExtractor"/>.</param>
public record CodeProblem(string Id, string Prompt, string Answer, string Tests, string? EntryPoint = null, string? CodePrefix = null)
    : Problem(Id, Prompt, Answer);

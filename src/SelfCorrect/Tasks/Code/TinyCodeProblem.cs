namespace SelfCorrect.Tasks.Code;

/// <summary>A problem of the built-in tiny code task: <c>f(x)</c> is one template of <see cref="CodeTask"/>
/// with constants <paramref name="A"/> and <paramref name="B"/>.</summary>
public sealed record TinyCodeProblem(string Id, string Prompt, string Answer, string Tests, int Template, int A, int B)
    : CodeProblem(Id, Prompt, Answer, Tests);

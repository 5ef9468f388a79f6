namespace SelfCorrect.Tasks.Mathematics;

/// <summary>For generic {prompt, answer} data: the answer is taken from a box, the "Final Answer" sentence,
/// or else the text after the last "####" or "answer is" (up to the end of its line), and compared with
/// the MATH normalisation (<see cref="MathEquivalence"/>).</summary>
public sealed class GenericVerifier : IVerifier
{
    public Verdict Check(Problem problem, string completion) =>
        AnswerVerdict.Judge(problem.Answer, Extract(completion), MathEquivalence.AreEquivalent,
            @"no \boxed{...}, ""Final Answer"", ""####"" or ""answer is"" found");

    public static string? Extract(string completion) =>
        MathAnswerExtractor.Extract(completion)
        ?? AfterLastMarker(completion, "####")
        ?? AfterLastMarker(completion, "answer is");

    static string? AfterLastMarker(string text, string marker)
    {
        var at = text.LastIndexOf(marker, StringComparison.OrdinalIgnoreCase);
        if (at < 0) return null;
        var rest = text[(at + marker.Length)..].TrimStart(' ', '\t', ':', '\r', '\n');
        var lineEnd = rest.IndexOf('\n');
        var answer = MathAnswerExtractor.CleanFinalAnswer(lineEnd < 0 ? rest : rest[..lineEnd]);
        return answer.Length == 0 ? null : answer;
    }
}

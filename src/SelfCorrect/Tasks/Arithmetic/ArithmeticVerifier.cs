using System.Text.RegularExpressions;

namespace SelfCorrect.Tasks.Arithmetic;

/// <summary>Reward 1 when the attempt ends with "=N." and N is the sum; anything else that lacks that ending is malformed.</summary>
public sealed partial class ArithmeticVerifier : IVerifier
{
    [GeneratedRegex(@"=(\d+)\.$")]
    private static partial Regex FinalAnswer();

    public static string? Extract(string completion)
    {
        var m = FinalAnswer().Match(completion.Trim());
        return m.Success ? m.Groups[1].Value : null;
    }

    public Verdict Check(Problem problem, string completion)
    {
        var answer = Extract(completion);
        if (answer is null) return new Verdict(0, null, "malformed");
        var normal = answer.TrimStart('0');
        bool ok = (normal.Length == 0 ? "0" : normal) == problem.Answer;
        return new Verdict(ok ? 1 : 0, answer, ok ? "correct" : "wrong");
    }
}

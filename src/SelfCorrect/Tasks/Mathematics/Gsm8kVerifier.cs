namespace SelfCorrect.Tasks.Mathematics;

/// <summary>The GSM8K checker: a number found as <see cref="Gsm8kAnswer.Extract"/> describes, compared exactly as a decimal.</summary>
public sealed class Gsm8kVerifier : IVerifier
{
    public Verdict Check(Problem problem, string completion) =>
        AnswerVerdict.Judge(problem.Answer, Gsm8kAnswer.Extract(completion), Gsm8kAnswer.AreEquivalent, "no number found");
}

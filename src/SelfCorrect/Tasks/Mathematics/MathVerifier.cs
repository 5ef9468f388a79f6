namespace SelfCorrect.Tasks.Mathematics;

/// <summary>The MATH checker: the last box or the "Final Answer" sentence (<see cref="MathAnswerExtractor"/>),
/// compared with <see cref="MathEquivalence"/>.</summary>
public sealed class MathVerifier : IVerifier
{
    public Verdict Check(Problem problem, string completion) =>
        AnswerVerdict.Judge(problem.Answer, MathAnswerExtractor.Extract(completion), MathEquivalence.AreEquivalent,
            @"no \boxed{...} and no ""Final Answer: The final answer is ..."" found");
}

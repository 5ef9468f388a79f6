using SelfCorrect.Tasks.Mathematics;

namespace SelfCorrect.Tests.Tasks.Math;

public class MathAnswerExtractorTests
{
    [Theory]
    [InlineData(@"\boxed{\frac{\sqrt{3}}{2}}", @"\frac{\sqrt{3}}{2}")]
    [InlineData(@"$\boxed {4}$", "4")]
    [InlineData(@"$\boxed 4$ and more", "4")]
    [InlineData("Final Answer: The final answer is $x^2$. I hope it is correct.", "x^2")]
    [InlineData("FINAL ANSWER IS 9", "9")]
    [InlineData("The final answer is $3$.\nMore text. Final answer: 4", "4")]
    [InlineData("Final Answer: The final answer is . I hope it is correct.", null)]
    [InlineData("nothing here", null)]
    public void Extracts(string completion, string? expected) => Assert.Equal(expected, MathAnswerExtractor.Extract(completion));

    [Fact]
    public void MathVerifierReportsWhatItFound()
    {
        var problem = new SelfCorrect.Tasks.Problem("1", "", "5");
        var verifier = new MathVerifier();

        Assert.Equal(new SelfCorrect.Tasks.Verdict(1, "5", "correct"), verifier.Check(problem, @"\boxed{5}"));
        Assert.Equal(new SelfCorrect.Tasks.Verdict(0, "6", "wrong", "expected 5"), verifier.Check(problem, @"\boxed{6}"));
        var malformed = verifier.Check(problem, "no idea");
        Assert.Equal((0.0, null, "malformed"), (malformed.Reward, malformed.Extracted, malformed.Status));
    }
}

using SelfCorrect.Tasks.Mathematics;

namespace SelfCorrect.Tests.Tasks.Math;

public class Gsm8kAnswerTests
{
    [Theory]
    [InlineData("$1,234.50", "2469/2")]
    [InlineData("5%", "5")]
    [InlineData("−3", "-3")]
    [InlineData("18.0", "18")]
    [InlineData("7.", "7")]
    public void ParsesNumbers(string text, string expected) => Assert.Equal(expected, Gsm8kAnswer.Parse(text)!.Value.ToString());

    [Theory]
    [InlineData("seven")]
    [InlineData("1/2")]
    [InlineData("")]
    public void RejectsNonNumbers(string text) => Assert.Null(Gsm8kAnswer.Parse(text));

    [Theory]
    [InlineData("#### 5\nThe answer is 6", "5")]
    [InlineData(@"\boxed{6}. The answer is 7", "6")]
    [InlineData("The answer is 7. Check: 3 + 4 = 7, done in 2 steps", "7")]
    [InlineData("3 apples and 4 pears, 7 fruits", "7")]
    [InlineData("It costs $1,000.", "$1,000")]
    [InlineData("From 2-3 hours", "3")]
    public void ExtractionOrderOfPreference(string completion, string expected) => Assert.Equal(expected, Gsm8kAnswer.Extract(completion));

    [Fact]
    public void ReferenceNeedsTheMarks()
    {
        Assert.Equal("72", Gsm8kAnswer.ReferenceOf("48/2 = 24\n#### 72"));
        Assert.Null(Gsm8kAnswer.ReferenceOf("72"));
    }
}

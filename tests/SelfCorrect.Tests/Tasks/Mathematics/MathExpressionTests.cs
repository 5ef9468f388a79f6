using SelfCorrect.Tasks.Mathematics;

namespace SelfCorrect.Tests.Tasks.Math;

public class MathExpressionTests
{
    [Theory]
    [InlineData("12", "12")]
    [InlineData("-0.25", "-1/4")]
    [InlineData(@"\frac{6}{4}", "3/2")]
    [InlineData(@"2\frac{1}{4}", "9/4")]
    [InlineData(@"-2\frac{1}{4}", "-9/4")]
    [InlineData("2.5e-2", "1/40")]
    [InlineData(@"\sqrt{\frac{9}{4}}", "3/2")]
    [InlineData("2^{10}", "1024")]
    [InlineData("(1+2)*3", "9")]
    public void ExactValues(string input, string expected) => Assert.Equal(expected, MathExpression.Evaluate(input)!.Value.ToString());

    [Theory]
    [InlineData(@"\frac{\pi}{2}", System.Math.PI / 2)]
    [InlineData(@"3\sqrt{2}", 4.242640687119285)]
    [InlineData(@"\sqrt[3]{2}", 1.2599210498948732)]
    public void ApproximateValues(string input, double expected)
    {
        var value = MathExpression.Evaluate(input)!.Value;
        Assert.False(value.IsExact);
        Assert.Equal(expected, value.Approx, 12);
    }

    [Theory]
    [InlineData(@"2\frac{3}{2}")]   // improper "mixed number": neither 7/2 nor 3
    [InlineData(@"2\frac{1}{2}\pi")]
    [InlineData("x+1")]
    [InlineData(@"\infty")]
    [InlineData(@"\frac{1}{0}")]
    [InlineData(@"\sqrt{-4}")]
    [InlineData("1,2")]
    [InlineData("2..5")]
    [InlineData("")]
    public void NotNumbers(string input) => Assert.Null(MathExpression.Evaluate(input));

    [Fact]
    public void HostileInputsEndQuickly()
    {
        Assert.Null(MathExpression.Evaluate(new string('{', 150) + "1" + new string('}', 150)));
        Assert.Null(MathExpression.Evaluate(new string('1', 5000)));
        Assert.Null(MathExpression.Evaluate("10^{10^{10}}"));
        Assert.NotNull(MathExpression.Evaluate("9^{256}"));
    }
}

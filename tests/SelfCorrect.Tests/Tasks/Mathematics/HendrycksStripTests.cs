using SelfCorrect.Tasks.Mathematics;

namespace SelfCorrect.Tests.Tasks.Math;

/// <summary>Behaviour of the original <c>_strip_string</c> that the port keeps, and the fixes it makes.</summary>
public class HendrycksStripTests
{
    [Theory]
    [InlineData(@"\dfrac{1}{2}", @"\frac{1}{2}")]
    [InlineData(@"\frac12", @"\frac{1}{2}")]
    [InlineData(@"\frac1{72}", @"\frac{1}{72}")]
    [InlineData("3/4", @"\frac{3}{4}")]
    [InlineData("-3/4", @"\frac{-3}{4}")]
    [InlineData("3/4x", "3/4x")]
    [InlineData("0.5", @"\frac{1}{2}")]
    [InlineData(".5", @"\frac{1}{2}")]
    [InlineData(@"\left( 1, 2 \right)", "(1,2)")]
    [InlineData(@"5 \text{ cm}", "5")]
    [InlineData(@"\text{ cm} \text{ m}", @"\text{cm}\text{m}")]
    [InlineData(@"50\%", "50")]
    [InlineData(@"\$ 4", "4")]
    [InlineData("k = 7", "7")]
    [InlineData("ab = 7", "ab=7")]
    [InlineData(@"\sqrt 3", @"\sqrt{3}")]
    [InlineData(@"\sqrt{3}", @"\sqrt{3}")]
    [InlineData(@"\frac\pi2", @"\frac\pi2")]
    [InlineData(@"30^\circ", "30")]
    [InlineData("", "")]
    public void Strip(string input, string expected) => Assert.Equal(expected, HendrycksStrip.Strip(input));
}

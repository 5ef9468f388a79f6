using SelfCorrect.Text;

namespace SelfCorrect.Tests.Text;

public class AddedTokenSplitterTests
{
    [Fact]
    public void Split_TakesTheLongestTokenAtTheLeftmostPosition()
    {
        var splitter = new AddedTokenSplitter([new AddedToken(1, "<a>", true), new AddedToken(2, "<a><b>", true), new AddedToken(3, "<b>", false)]);
        var pieces = splitter.Split("x<a><b>y<a>z<b>");
        Assert.Equal(["x", "<a><b>", "y", "<a>", "z", "<b>"], pieces.Select(p => p.Text));
        Assert.Equal([null, 2, null, 1, null, 3], pieces.Select(p => p.Token?.Id));
    }

    [Fact]
    public void Split_StripFlagsAbsorbNeighbouringWhitespace()
    {
        var splitter = new AddedTokenSplitter([new AddedToken(7, "<m>", true, LStrip: true, RStrip: true)]);
        var pieces = splitter.Split("a  <m>\n b");
        Assert.Equal(["a", "  <m>\n ", "b"], pieces.Select(p => p.Text));
    }

    [Fact]
    public void Split_SingleWordTokensNeedWordBoundaries()
    {
        var splitter = new AddedTokenSplitter([new AddedToken(7, "cat", false, SingleWord: true)]);
        Assert.Equal(["concat ", "cat", " cats"], splitter.Split("concat cat cats").Select(p => p.Text));
    }
}

using SelfCorrect.Data;
using SelfCorrect.Tasks;

namespace SelfCorrect.Tests.Data;

public class CompletionsFileTests
{
    static readonly Problem[] Problems = [new("0", "p0", "1"), new("a", "pa", "2"), new("7", "p7", "3")];

    [Fact]
    public void MatchesByIdInProblemOrder()
    {
        using var dir = new TempFolder();
        var path = dir.Write("c.jsonl",
            """{"id": 7, "attempts": ["x7", "y7"]}""",
            """{"id": "a", "attempts": ["xa", "ya"]}""",
            """{"id": "0", "attempts": ["x0", "y0"]}""");

        var lines = CompletionsFile.Load(path);
        var matched = CompletionsFile.Match(Problems, lines);

        Assert.Equal([1, 2, 3], lines.Select(l => l.Line));
        Assert.Equal(["0", "a", "7"], matched.Select(m => m.Problem.Id));
        Assert.Equal(["x7", "y7"], matched[2].Attempts);
    }

    [Theory]
    [InlineData("""{"attempts": ["x"]}""", "line 2: missing field \"id\"")]
    [InlineData("""{"id": true, "attempts": ["x"]}""", "line 2: field \"id\" must be a string or a number")]
    [InlineData("""{"id": "b", "attempts": "x"}""", "line 2: field \"attempts\" must be an array of strings")]
    [InlineData("""{"id": "b", "attempts": [1]}""", "line 2: field \"attempts\" must be an array of strings")]
    [InlineData("""{"id": "b", "attempts": []}""", "line 2: field \"attempts\" is empty")]
    [InlineData("""{"id": "b", "attempts": ["x", "y"]}""", "line 2: 2 attempts, but line 1 has 1")]
    [InlineData("""{"id": "0", "attempts": ["x"]}""", "line 2: duplicate id \"0\" (first on line 1)")]
    [InlineData("""{"id": "b" """, "line 2: invalid JSON")]
    public void BadLinesAreNamed(string badLine, string expected)
    {
        using var dir = new TempFolder();
        var path = dir.Write("c.jsonl", """{"id": 0, "attempts": ["x"]}""", badLine);

        Assert.Contains(expected, Assert.Throws<UserError>(() => CompletionsFile.Load(path)).Message);
    }

    [Fact]
    public void UnknownIdNamesItsLine()
    {
        var lines = new[] { new CompletionLine(1, "0", ["x"]), new CompletionLine(2, "zzz", ["x"]) };

        Assert.Equal("completions line 2: id \"zzz\" is not among the 3 loaded problems",
            Assert.Throws<UserError>(() => CompletionsFile.Match(Problems, lines)).Message);
    }

    [Fact]
    public void MissingCompletionsListTheFirstIds()
    {
        var many = Enumerable.Range(0, 9).Select(i => new Problem($"{i}", "", "")).ToArray();
        var lines = new[] { new CompletionLine(1, "3", ["x"]) };

        Assert.Equal("8 of 9 problems have no completions: \"0\", \"1\", \"2\", \"4\", \"5\" and 3 more",
            Assert.Throws<UserError>(() => CompletionsFile.Match(many, lines)).Message);
    }

    [Fact]
    public void EmptyFileIsAnError()
    {
        using var dir = new TempFolder();
        Assert.Contains("no completions", Assert.Throws<UserError>(() => CompletionsFile.Load(dir.Write("e.jsonl", ""))).Message);
    }
}

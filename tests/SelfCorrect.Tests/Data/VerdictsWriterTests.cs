using System.Text.Json;
using SelfCorrect.Data;
using SelfCorrect.Tasks;

namespace SelfCorrect.Tests.Data;

public class VerdictsWriterTests
{
    [Fact]
    public void WritesOneJsonLinePerProblem()
    {
        using var dir = new TempFolder();
        var path = Path.Combine(dir.Path, "out", "verdicts.jsonl");
        var rows = new (Problem, IReadOnlyList<Verdict>)[]
        {
            (new Problem("p1", "prompt", @"\frac{1}{2}"), [new Verdict(0, null, "malformed", "no box"), new Verdict(1, "0.5", "correct")]),
            (new Problem("p2", "prompt", "7"), [new Verdict(0, "8", "wrong", "expected 7"), new Verdict(0, "9", "wrong")]),
        };

        Assert.Equal(2, VerdictsWriter.Write(path, rows));

        var lines = File.ReadAllLines(path);
        Assert.Equal(2, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        var root = first.RootElement;
        Assert.Equal("p1", root.GetProperty("id").GetString());
        Assert.Equal(@"\frac{1}{2}", root.GetProperty("answer").GetString());
        var attempts = root.GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal(JsonValueKind.Null, attempts[0].GetProperty("extracted").ValueKind);
        Assert.Equal("no box", attempts[0].GetProperty("detail").GetString());
        Assert.Equal(("0.5", 1.0, "correct"), (attempts[1].GetProperty("extracted").GetString(), attempts[1].GetProperty("reward").GetDouble(), attempts[1].GetProperty("status").GetString()));
        Assert.Equal(JsonValueKind.Null, attempts[1].GetProperty("detail").ValueKind);
        Assert.Contains(@"""answer"":""\\frac{1}{2}""", lines[0]);
    }
}

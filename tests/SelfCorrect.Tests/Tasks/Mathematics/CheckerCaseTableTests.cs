using System.Runtime.CompilerServices;
using SelfCorrect.Tasks;
using SelfCorrect.Tasks.Mathematics;

namespace SelfCorrect.Tests.Tasks.Math;

/// <summary>Runs every row of checker_cases.tsv (task, expected status, gold answer, full completion, note)
/// through the task's verifier.</summary>
public class CheckerCaseTableTests
{
    const string FileName = "checker_cases.tsv";

    public static TheoryData<int, string, string, string, string, string> Cases()
    {
        var data = new TheoryData<int, string, string, string, string, string>();
        var lines = File.ReadAllLines(TablePath());
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0 || lines[i].StartsWith('#')) continue;
            var f = lines[i].Split('\t');
            if (f.Length != 5) throw new InvalidDataException($"{FileName} line {i + 1}: expected 5 tab-separated fields, got {f.Length}");
            data.Add(i + 1, f[0], f[1], f[2], f[3].Replace("⏎", "\n"), f[4]);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void VerdictMatchesTable(int line, string task, string expected, string gold, string completion, string note)
    {
        var verdict = MathTasks.VerifierFor(task).Check(new Problem($"case{line}", "", gold), completion);
        Assert.True(expected == verdict.Status,
            $"line {line} ({note}): expected {expected}, got {verdict.Status}; extracted '{verdict.Extracted}', " +
            $"normalised '{(verdict.Extracted is null ? "" : MathNormalizer.Normalize(verdict.Extracted))}' vs gold '{MathNormalizer.Normalize(gold)}'");
        Assert.Equal(expected == AnswerVerdict.Correct ? 1.0 : 0.0, verdict.Reward);
    }

    [Fact]
    public void TableIsLargeAndCoversEveryTaskAndStatus()
    {
        var rows = Cases().Select(r => (Task: (string)r[1], Status: (string)r[2])).ToList();
        Assert.True(rows.Count >= 150, $"only {rows.Count} cases");
        foreach (var task in MathTasks.Names)
            foreach (var status in new[] { AnswerVerdict.Correct, AnswerVerdict.Wrong, AnswerVerdict.Malformed })
                Assert.Contains((task, status), rows);
    }

    /// <summary>The table sits next to this source file; tests run from the build output, so find it from there too.</summary>
    static string TablePath([CallerFilePath] string source = "")
    {
        var beside = Path.Combine(Path.GetDirectoryName(source) ?? "", FileName);
        if (File.Exists(beside)) return beside;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "SelfCorrect.Tests", "Tasks", "Math", FileName);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"{FileName} not found near {source} or above {AppContext.BaseDirectory}");
    }
}

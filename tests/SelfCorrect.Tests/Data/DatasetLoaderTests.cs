using SelfCorrect.Data;
using SelfCorrect.Tasks.Mathematics;

namespace SelfCorrect.Tests.Data;

public class DatasetLoaderTests
{
    [Fact]
    public void MathTakesTheLastBoxOfTheSolutionAndKeepsLevelAndType()
    {
        using var dir = new TempFolder();
        var path = dir.Write("math.jsonl",
            """{"problem": "What is 1+1?", "solution": "Not \\boxed{3}. It is $\\boxed{\\frac{4}{2}}$.", "level": "Level 1", "type": "Algebra"}""",
            """{"problem": "Pick", "solution": "\\boxed{5}", "level": 3, "subject": "Geometry", "unique_id": "test/geo/7.json"}""");

        var data = DatasetLoader.Load("math", path);

        Assert.Empty(data.BadLines);
        var (first, second) = (data.Problems[0], data.Problems[1]);
        Assert.Equal(("0", @"\frac{4}{2}", "What is 1+1?", "Level 1", "Algebra"), (first.Id, first.Answer, first.Question, first.Level, first.Type));
        Assert.Equal(("test/geo/7.json", "5", "3", "Geometry"), (second.Id, second.Answer, second.Level, second.Type));
        Assert.Equal(PromptConfig.Default.Attempt1("What is 1+1?"), first.Prompt);
    }

    [Fact]
    public void Gsm8kTakesTheNumberAfterTheMarks()
    {
        using var dir = new TempFolder();
        var path = dir.Write("gsm8k.jsonl",
            """{"question": "How much?", "answer": "She pays 2 * 500 = <<2*500=1000>>1000.\n#### 1,000", "id": 17}""");

        var problem = Assert.Single(DatasetLoader.Load("GSM8K", path).Problems);

        Assert.Equal(("17", "1000", "How much?"), (problem.Id, problem.Answer, problem.Question));
        Assert.Null(problem.Level);
    }

    [Fact]
    public void GenericAcceptsStringOrNumberAnswersAndCustomPrompts()
    {
        using var dir = new TempFolder();
        var path = dir.Write("generic.jsonl",
            """{"prompt": "2+2?", "answer": 4, "task_id": "a"}""",
            "",
            """{"prompt": "Capital of France?", "answer": " Paris "}""");
        var prompts = new PromptConfig(Attempt1Template: "Q: {problem}\nA:");

        var problems = DatasetLoader.Load("generic", path, prompts).Problems;

        Assert.Equal(["a", "2"], problems.Select(p => p.Id));
        Assert.Equal(["4", "Paris"], problems.Select(p => p.Answer));
        Assert.Equal("Q: 2+2?\nA:", problems[0].Prompt);
    }

    [Theory]
    [InlineData("math", """{"problem": "p", "solution": "no box here"}""", @"line 2: no \boxed{...} in ""solution""")]
    [InlineData("math", """{"problem": "p"}""", @"line 2: missing field ""solution""")]
    [InlineData("math", """{"problem": 5, "solution": "\\boxed{1}"}""", @"line 2: field ""problem"" must be a string")]
    [InlineData("gsm8k", """{"question": "q", "answer": "42"}""", @"line 2: no ""####"" in ""answer""")]
    [InlineData("gsm8k", """{"question": "q", "answer": "#### many"}""", @"line 2: no number after ""####""")]
    [InlineData("generic", """{"prompt": "q", "answer": ""}""", @"line 2: field ""answer"" is empty")]
    [InlineData("generic", """{"prompt": "q", "answer": "1",""", "line 2: invalid JSON")]
    [InlineData("generic", "[1, 2]", "line 2: expected a JSON object")]
    public void BadLineStopsTheLoadWithItsNumberAndReason(string task, string badLine, string expected)
    {
        using var dir = new TempFolder();
        var good = task switch
        {
            "math" => """{"problem": "p", "solution": "\\boxed{1}"}""",
            "gsm8k" => """{"question": "q", "answer": "#### 1"}""",
            _ => """{"prompt": "q", "answer": "1"}""",
        };
        var path = dir.Write("data.jsonl", good, badLine, """{"id": "x", """ + good[1..]);

        var error = Assert.Throws<UserError>(() => DatasetLoader.Load(task, path));
        Assert.Contains(expected, error.Message);

        var skipped = DatasetLoader.Load(task, path, skipBadLines: true);
        Assert.Equal(["0", "x"], skipped.Problems.Select(p => p.Id));
        var bad = Assert.Single(skipped.BadLines);
        Assert.Equal(2, bad.Line);
    }

    [Fact]
    public void DuplicateIdIsABadLine()
    {
        using var dir = new TempFolder();
        var path = dir.Write("dup.jsonl", """{"id": 1, "prompt": "a", "answer": "1"}""", """{"id": "1", "prompt": "b", "answer": "2"}""");

        Assert.Contains("line 2: duplicate id \"1\" (first on line 1)", Assert.Throws<UserError>(() => DatasetLoader.Load("generic", path)).Message);
        Assert.Equal("a", Assert.Single(DatasetLoader.Load("generic", path, skipBadLines: true).Problems).Question);
    }

    [Fact]
    public void FileWithoutUsableProblemsIsAnError()
    {
        using var dir = new TempFolder();
        var path = dir.Write("bad.jsonl", "not json");

        Assert.Contains("no usable problems", Assert.Throws<UserError>(() => DatasetLoader.Load("math", path, skipBadLines: true)).Message);
        Assert.Contains("no problems", Assert.Throws<UserError>(() => DatasetLoader.Load("math", dir.Write("empty.jsonl", ""))).Message);
    }

    [Fact]
    public void MissingFileAndUnknownTaskAreUserErrors()
    {
        Assert.Contains("not found", Assert.Throws<UserError>(() => DatasetLoader.Load("math", "/nonexistent/x.jsonl")).Message);
        Assert.Contains("unknown math task 'mbpp'", Assert.Throws<UserError>(() => DatasetLoader.Load("mbpp", "x.jsonl")).Message);
    }
}

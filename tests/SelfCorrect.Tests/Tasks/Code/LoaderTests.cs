using SelfCorrect.Tasks.Code;

namespace SelfCorrect.Tests.Tasks.Code;

public class LoaderTests
{
    private const string HumanEvalLine =
        """{"task_id": "HumanEval/0", "prompt": "def inc(x):\n    \"\"\"Add one.\"\"\"\n", "entry_point": "inc", "canonical_solution": "    return x + 1\n", "test": "def check(candidate):\n    assert candidate(1) == 2\n"}""";

    private const string MbppLine =
        """{"task_id": 7, "text": "Write a function to add one.", "code": "def inc(x):\r\n    return x + 1", "test_list": ["assert inc(1) == 2", "assert inc(2) == 3"], "test_setup_code": ""}""";

    [Fact]
    public void HumanEvalLineBecomesACodeProblem()
    {
        var problem = Assert.Single(HumanEvalLoader.Parse(new StringReader(HumanEvalLine + "\n\n"), "he.jsonl"));
        Assert.Equal("HumanEval/0", problem.Id);
        Assert.Equal("inc", problem.EntryPoint);
        Assert.Equal(problem.Prompt, problem.CodePrefix);
        Assert.EndsWith("    return x + 1\n", problem.Answer);
        Assert.Contains("def check(candidate)", problem.Tests);
    }

    [Fact]
    public void MbppLineBecomesACodeProblemWithItsTestsInThePrompt()
    {
        var problem = Assert.Single(MbppLoader.Parse(new StringReader(MbppLine), "mbpp.jsonl"));
        Assert.Equal("mbpp/7", problem.Id);
        Assert.Contains("assert inc(2) == 3", problem.Prompt);
        Assert.Equal("assert inc(1) == 2\nassert inc(2) == 3\n", problem.Tests);
        Assert.Equal("def inc(x):\n    return x + 1", problem.Answer);
        Assert.Null(problem.EntryPoint);
    }

    [Theory]
    [InlineData("{not json", "he.jsonl:2: not valid JSON")]
    [InlineData("""{"task_id": "a", "prompt": "p", "test": "def check(c): pass"}""", "he.jsonl:2: missing field \"entry_point\"")]
    [InlineData("""{"task_id": "a", "prompt": "p", "entry_point": "f", "test": "assert True"}""", "he.jsonl:2: test does not define check(candidate)")]
    [InlineData("""{"task_id": "a", "prompt": 3, "entry_point": "f", "test": "def check(c): pass"}""", "he.jsonl:2: field \"prompt\" must be a string")]
    [InlineData("[1, 2]", "he.jsonl:2: expected a JSON object")]
    public void BadHumanEvalLinesNameTheLineAndReason(string badLine, string message)
    {
        var error = Assert.Throws<UserError>(() => HumanEvalLoader.Parse(new StringReader(HumanEvalLine + "\n" + badLine), "he.jsonl"));
        Assert.StartsWith(message, error.Message);
    }

    [Theory]
    [InlineData("""{"task_id": 1, "text": "t", "code": "c", "test_setup_code": ""}""", "mbpp.jsonl:1: missing list field \"test_list\"")]
    [InlineData("""{"task_id": 1, "text": "t", "code": "c", "test_list": []}""", "mbpp.jsonl:1: test_list is empty")]
    [InlineData("""{"task_id": 1, "text": "t", "code": "c", "test_list": [1]}""", "mbpp.jsonl:1: test_list must hold strings")]
    public void BadMbppLinesNameTheLineAndReason(string badLine, string message)
    {
        var error = Assert.Throws<UserError>(() => MbppLoader.Parse(new StringReader(badLine), "mbpp.jsonl"));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void MissingFileIsAUserError()
    {
        var error = Assert.Throws<UserError>(() => MbppLoader.Load("/nonexistent/mbpp.jsonl"));
        Assert.Contains("/nonexistent/mbpp.jsonl", error.Message);
    }
}

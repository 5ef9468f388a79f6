using SelfCorrect.Tasks.Code;

namespace SelfCorrect.Tests.Tasks.Code;

public class ProgramExtractorTests
{
    [Fact]
    public void TakesTheLastPythonBlock()
    {
        const string completion = "First try:\n```python\ndef f(x): return x\n```\nBetter:\n```python\ndef f(x): return x+1\n```\n```text\nnot code\n```\n";
        Assert.Equal("def f(x): return x+1\n", ProgramExtractor.Extract(completion));
    }

    [Fact]
    public void FallsBackToAnyFenceThenToRawText()
    {
        Assert.Equal("print(1)\n", ProgramExtractor.Extract("Here:\n```\nprint(1)\n```"));
        Assert.Equal("def f(x): return x\n", ProgramExtractor.Extract("def f(x): return x"));
    }

    [Fact]
    public void UnclosedFenceTakesTheRest()
    {
        Assert.Equal("def f(x):\n    return x\n", ProgramExtractor.Extract("```python\ndef f(x):\n    return x"));
    }

    [Fact]
    public void HumanEvalBodyContinuationGetsThePromptPrepended()
    {
        const string prompt = "from typing import List\n\ndef total(xs: List[int]) -> int:\n    \"\"\"Sum.\"\"\"\n";
        Assert.Equal(prompt + "    return sum(xs)\n", ProgramExtractor.Extract("    return sum(xs)\n", prompt, "total"));
    }

    [Fact]
    public void HumanEvalFullRewriteKeepsThePromptImports()
    {
        const string prompt = "from typing import List\n\ndef total(xs: List[int]) -> int:\n    \"\"\"Sum.\"\"\"\n";
        var program = ProgramExtractor.Extract("```python\ndef total(xs: List[int]) -> int:\n    return sum(xs)\n```", prompt, "total");
        Assert.Equal("from typing import List\n\ndef total(xs: List[int]) -> int:\n    return sum(xs)\n", program);
    }
}

using SelfCorrect.Sandbox;
using SelfCorrect.Tasks;
using SelfCorrect.Tasks.Code;

namespace SelfCorrect.Tests.Tasks.Code;

public class CodeVerifierTests
{
    private static readonly CodeVerifier Verifier = new(new PythonSandbox(new SandboxLimits(WallSeconds: 2, CpuSeconds: 1)));
    private static readonly CodeProblem Problem = new("p", "Write f(x) returning x plus 1.\n", "def f(x): return x+1\n", "assert f(1) == 2\n");

    [Theory]
    [InlineData("```python\ndef f(x): return x+1\n```", 1, "passed")]
    [InlineData("def f(x): return x+2", 0, "failed")]
    [InlineData("def f(x): return undefined_name", 0, "crashed")]
    [InlineData("while True: pass", 0, "timeout")]
    [InlineData("x = bytearray(1 << 40)", 0, "memory")]
    [InlineData("   \n", 0, "malformed")]
    public void VerdictCarriesStatusAndReward(string completion, double reward, string status)
    {
        var verdict = Verifier.Check(Problem, completion);
        Assert.Equal(status, verdict.Status);
        Assert.Equal(reward, verdict.Reward);
    }

    [Fact]
    public void CrashDetailHoldsTheError()
    {
        var verdict = Verifier.Check(Problem, "def f(x): return undefined_name");
        Assert.Contains("NameError", verdict.Detail);
        Assert.Equal("def f(x): return undefined_name\n", verdict.Extracted);
    }

    [Fact]
    public void HumanEvalBodyCompletionIsCheckedWithCheck()
    {
        var problem = new CodeProblem("HumanEval/x", "def inc(x):\n", "def inc(x):\n    return x + 1\n",
            "def check(candidate):\n    assert candidate(1) == 2\n", "inc", "def inc(x):\n");
        var verdicts = Verifier.CheckAll([(problem, "    return x + 1\n"), (problem, "    return x\n")]);
        Assert.Equal(["passed", "failed"], verdicts.Select(v => v.Status));
    }

    [Fact]
    public void NonCodeProblemIsRejected()
    {
        Assert.Throws<ArgumentException>(() => Verifier.Check(new Problem("m", "1+1", "2"), "2"));
    }
}

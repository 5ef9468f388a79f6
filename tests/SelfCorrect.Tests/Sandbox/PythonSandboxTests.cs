using SelfCorrect.Sandbox;

namespace SelfCorrect.Tests.Sandbox;

public class PythonSandboxTests
{
    private static readonly PythonSandbox Sandbox = new(new SandboxLimits(WallSeconds: 5, CpuSeconds: 3, Concurrency: 2));

    [Fact]
    public void PassingProgramPasses()
    {
        var result = Sandbox.Run(new SandboxJob("def f(x):\n    return x * 3 + 1\nprint('hello')\n", "assert f(2) == 7\n"));
        Assert.Equal(SandboxStatus.Passed, result.Status);
        Assert.Equal("hello\n", result.Stdout);
    }

    [Fact]
    public void FailingAssertionFails()
    {
        var result = Sandbox.Run(new SandboxJob("def f(x):\n    return x\n", "assert f(2) == 7, 'wrong'\n"));
        Assert.Equal(SandboxStatus.Failed, result.Status);
        Assert.Contains("AssertionError", result.Detail);
    }

    [Fact]
    public void ExceptionCrashesWithTheErrorInTheStderrHead()
    {
        var result = Sandbox.Run(new SandboxJob("def f(x):\n    return y\n", "assert f(2) == 7\n"));
        Assert.Equal(SandboxStatus.Crashed, result.Status);
        Assert.Contains("NameError", result.Detail);
        Assert.StartsWith("Traceback", result.StderrHead);
    }

    [Fact]
    public void SyntaxErrorCrashes()
    {
        var result = Sandbox.Run(new SandboxJob("def f(x) return x\n", "assert f(1) == 1\n"));
        Assert.Equal(SandboxStatus.Crashed, result.Status);
        Assert.Contains("SyntaxError", result.Detail);
    }

    [Fact]
    public void HumanEvalStyleCheckIsCalledWithTheEntryPoint()
    {
        const string tests = "def check(candidate):\n    assert candidate(1) == 2\n";
        Assert.True(Sandbox.Run(new SandboxJob("def inc(x):\n    return x + 1\n", tests, "inc")).Passed);
        Assert.False(Sandbox.Run(new SandboxJob("def inc(x):\n    return x\n", tests, "inc")).Passed);
    }

    [Fact]
    public void RunAllKeepsInputOrder()
    {
        var jobs = Enumerable.Range(0, 6)
            .Select(i => new SandboxJob($"def f():\n    return {i}\n", "assert f() % 2 == 0\n")).ToList();
        var results = Sandbox.RunAll(jobs);
        Assert.Equal([true, false, true, false, true, false], results.Select(r => r.Passed));
    }

    [Fact]
    public void ProgramSeesACleanEnvironmentAndAPrivateWorkingFolder()
    {
        const string program = "import os, json\nprint(json.dumps({'env': dict(os.environ), 'cwd': os.getcwd(), 'files': os.listdir('.')}))\n";
        var result = Sandbox.Run(new SandboxJob(program, "pass\n"));
        Assert.True(result.Passed, result.StderrHead);
        var seen = System.Text.Json.JsonDocument.Parse(result.Stdout).RootElement;
        var env = seen.GetProperty("env").EnumerateObject().Select(p => p.Name).ToHashSet();
        Assert.Subset(new HashSet<string> { "PATH", "LANG", "HOME", "TMPDIR", "SELFCORRECT_SANDBOX_RUN" }, env);
        Assert.Equal(seen.GetProperty("cwd").GetString(), seen.GetProperty("env").GetProperty("HOME").GetString());
        Assert.Equal(["solution.py"], seen.GetProperty("files").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void CapabilitiesDescribeTheActiveIsolation()
    {
        var capabilities = Sandbox.Capabilities;
        Assert.True(File.Exists(capabilities.PythonPath));
        Assert.Contains(capabilities.Mode.ToString(), capabilities.Describe());
        if (capabilities.Mode != IsolationMode.ProcessOnly)
        {
            Assert.True(capabilities.NetworkNamespace && capabilities.PidNamespace && capabilities.PrivateTmp);
        }
    }

    [Fact]
    public void StatusWordsMatchTheVerdictVocabulary()
    {
        Assert.Equal(["passed", "failed", "timeout", "memory", "crashed", "output-limit"],
            Enum.GetValues<SandboxStatus>().Select(s => s.ToWord()));
    }
}

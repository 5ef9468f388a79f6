using SelfCorrect.Tasks;
using SelfCorrect.Sandbox;
using SelfCorrect.Tasks.Code;

namespace SelfCorrect.Tests.Tasks.Code;

public class CodeTaskTests
{
    [Fact]
    public void SplitsAreDisjointAndCoverTheTask()
    {
        var all = CodeTask.All().ToList();
        var train = CodeTask.Generate(1, 10_000, Split.Train).Select(p => p.Id).ToHashSet();
        var test = CodeTask.Generate(1, 10_000, Split.Test).Select(p => p.Id).ToHashSet();
        Assert.Empty(train.Intersect(test));
        Assert.Equal(all.Count, train.Count + test.Count);
        Assert.InRange(test.Count, all.Count / 10, all.Count / 3);
    }

    [Fact]
    public void GenerationIsSeeded()
    {
        Assert.Equal(CodeTask.Generate(5, 20, Split.Train).Select(p => p.Id), CodeTask.Generate(5, 20, Split.Train).Select(p => p.Id));
        Assert.NotEqual(CodeTask.Generate(5, 20, Split.Train).Select(p => p.Id), CodeTask.Generate(6, 20, Split.Train).Select(p => p.Id));
    }

    [Fact]
    public void PromptsAndSolutionsAreShort()
    {
        foreach (var problem in CodeTask.All())
        {
            Assert.StartsWith("Write f(x) returning ", problem.Prompt);
            Assert.True(problem.Prompt.Length + problem.Answer.Length < 100, problem.Id);
        }
    }

    [Fact]
    public void ReferencesPassAndWrongSolutionsFailInTheSandbox()
    {
        using var sandbox = new PythonSandbox(new SandboxLimits(Concurrency: 2));
        var verifier = new CodeVerifier(sandbox);
        var random = new Random(3);
        var problems = CodeTask.Generate(2, 8, Split.Test);
        var items = problems.Select(p => ((SelfCorrect.Tasks.Problem)p, p.Answer))
            .Concat(problems.Select(p => ((SelfCorrect.Tasks.Problem)p, CodeTask.SampleWrongSolution(p, random))))
            .ToList();
        var verdicts = verifier.CheckAll(items);
        Assert.All(verdicts.Take(8), v => Assert.Equal("passed", v.Status));
        Assert.All(verdicts.Skip(8), v => Assert.Equal(0, v.Reward));
    }

    [Fact]
    public void WrongSolutionsDifferFromTheReference()
    {
        var random = new Random(11);
        foreach (var problem in CodeTask.All())
            Assert.NotEqual(problem.Answer, CodeTask.SampleWrongSolution(problem, random));
    }
}

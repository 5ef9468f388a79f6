using SelfCorrect.Tasks;
using SelfCorrect.Tasks.Arithmetic;

namespace SelfCorrect.Tests.Tasks.Arithmetic;

public class ArithmeticTaskTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TrainAndTestSplitsAreDisjoint(int difficulty)
    {
        var task = new ArithmeticTask(ArithmeticConfig.ForDifficulty(difficulty));
        var train = task.Generate(1, 5000, Split.Train).Select(p => p.Prompt).ToHashSet();
        var test = task.Generate(2, 2000, Split.Test).Select(p => p.Prompt).ToList();
        Assert.DoesNotContain(test, train.Contains);
        Assert.All(test, p => Assert.Equal(Split.Test, SplitAssignment.Of(p)));
    }

    [Fact]
    public void GenerationIsSeeded()
    {
        var task = new ArithmeticTask(new ArithmeticConfig());
        Assert.Equal(task.Generate(3, 50, Split.Test).Select(p => p.Prompt), task.Generate(3, 50, Split.Test).Select(p => p.Prompt));
        Assert.NotEqual(task.Generate(3, 50, Split.Test).Select(p => p.Prompt), task.Generate(4, 50, Split.Test).Select(p => p.Prompt));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void TermsOfAProblemAreDistinctWhenAsked(int difficulty)
    {
        var config = ArithmeticConfig.ForDifficulty(difficulty) with { DistinctTerms = true };
        var distinct = new ArithmeticTask(config).Generate(5, 3000, Split.Train);
        Assert.All(distinct, p => Assert.Equal(p.Terms.Length, p.Terms.Distinct().Count()));
        Assert.All(distinct, p => Assert.InRange(p.Terms.Length, config.MinTerms, config.MaxTerms));
        var repeats = new ArithmeticTask(config with { DistinctTerms = false }).Generate(5, 3000, Split.Train);
        Assert.Contains(repeats, p => p.Terms.Distinct().Count() < p.Terms.Length);
        var nine = new ArithmeticTask(new ArithmeticConfig { MinTerms = 9, MaxTerms = 9, DistinctTerms = true }).Generate(1, 20, Split.Train);
        Assert.All(nine, p => Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9], p.Terms.Order()));
    }

    [Theory]
    [InlineData("4+8=12+3=15.", "15", 1, "correct")]
    [InlineData("4+8=12+3=14.", "15", 0, "wrong")]
    [InlineData("4+8=12+3=15", "15", 0, "malformed")]
    [InlineData("", "15", 0, "malformed")]
    [InlineData("15.", "15", 0, "malformed")]
    [InlineData("4+8=12+3=015.", "15", 1, "correct")]
    public void VerifierExtractsTheFinalRunningSum(string completion, string answer, double reward, string status)
    {
        var v = new ArithmeticVerifier().Check(new Problem("x", "4+8+3=", answer), completion);
        Assert.Equal(reward, v.Reward);
        Assert.Equal(status, v.Status);
    }

    [Fact]
    public void SolverSlipsOnlyInItsClassAndStopsAtTheBudget()
    {
        var cfg = new ArithmeticConfig();
        var solver = new ImperfectSolver(cfg) { SlipRate = 1.0 };
        Assert.Equal("4+8=2+3=5.", solver.FirstAttempt([4, 8, 3], new Random(1)));          // 4+8 carries with a term ending in 8: slip
        Assert.Equal("4+3=7+3=10.", solver.FirstAttempt([4, 3, 3], new Random(1)));         // no slip class
        Assert.Equal("1+1=2+1=3+1=4+1=5.", solver.FirstAttempt([1, 1, 1, 1, 1, 1], new Random(1)));  // 4 steps fit, 5 needed
        Assert.Equal("5+1=6.", solver.Continue([1, 1, 1, 1, 1, 1], "1+1=2+1=3+1=4+1=5."));
        var cutOff = new ImperfectSolver(cfg) { SlipRate = 1.0, StopUnfinishedWithoutAnswer = true };
        Assert.Equal("1+1=2+1=3+1=4+1=5", cutOff.FirstAttempt([1, 1, 1, 1, 1, 1], new Random(1)));  // no room left: no answer
        Assert.Equal("4+3=7+3=10.", cutOff.FirstAttempt([4, 3, 3], new Random(1)));               // finished: answer
        Assert.Equal("5+1=6.", cutOff.Continue([1, 1, 1, 1, 1, 1], "1+1=2+1=3+1=4+1=5"));
        Assert.True(solver.FirstAttempt([9, 9, 9, 9, 9], new Random(1), perfect: true).Length + 1 <= cfg.AttemptBudget);
    }
}

using SelfCorrect.Training;

namespace SelfCorrect.Tests.Training;

public class ScoreObjectiveTests
{
    static IReadOnlyList<IReadOnlyList<IReadOnlyList<double>>> NoKl(int n, int tokens = 3) =>
        Enumerable.Range(0, n).Select(_ => (IReadOnlyList<IReadOnlyList<double>>)[new double[tokens], new double[tokens]]).ToList();

    [Theory]
    [InlineData(Stage.ScoreStageOne)]
    [InlineData(Stage.ScoreStageTwo)]
    [InlineData(Stage.MultiTurn)]
    public void AttemptOneTokensAreNeverPaidForAWrongAttemptOne(Stage stage)
    {
        var rng = new Random(7);
        foreach (double alpha in new[] { 0.0, 1.0, 2.0, 10.0, 100.0 })
        {
            for (int trial = 0; trial < 200; trial++)
            {
                int k = rng.Next(2, 6), prompts = rng.Next(1, 4);
                var rewards = Enumerable.Range(0, k * prompts).Select(_ => ((double)rng.Next(2), (double)rng.Next(2))).ToList();
                var w = ScoreObjective.Advantages(stage, rewards, NoKl(rewards.Count), k, new ScoreCoefficients { Alpha = alpha }, klInReward: true);
                for (int i = 0; i < rewards.Count; i++)
                    if (rewards[i].Item1 == 0)
                        Assert.All(w[i][0], x => Assert.True(x <= 0, $"attempt-1 weight {x} > 0 for a wrong attempt 1 (α={alpha}, {stage})"));
            }
        }
    }

    [Fact]
    public void KlNeverPaysAWrongAttemptOneWithANonNegativeEstimator()
    {
        // With k3 (always >= 0) in the reward, the KL term only lowers attempt-1 weights; whatever the
        // siblings did, a wrong attempt 1 gets task credit <= 0 and a KL term <= 0.
        var rewards = new List<(double, double)> { (0, 1), (1, 1), (0, 0), (1, 0) };
        var kl = rewards.Select((_, i) => (IReadOnlyList<IReadOnlyList<double>>)[new[] { 0.5 * i, 0.1, 0.0 }, new[] { 0.2, 0.3, 0.4 }]).ToList();
        var w = ScoreObjective.Advantages(Stage.ScoreStageTwo, rewards, kl, 4, new ScoreCoefficients(), klInReward: true);
        Assert.All(w[0][0], x => Assert.True(x <= 0));
        Assert.All(w[2][0], x => Assert.True(x <= 0));
    }

    [Fact]
    public void StageTwoBonusGoesToAttemptTwoOnly()
    {
        var c = new ScoreCoefficients { Alpha = 10 };
        Assert.Equal((0.0, 11.0), ScoreObjective.TaskRewards(Stage.ScoreStageTwo, 0, 1, c));   // wrong -> right: bonus
        Assert.Equal((1.0, -10.0), ScoreObjective.TaskRewards(Stage.ScoreStageTwo, 1, 0, c));  // right -> wrong: penalty
        Assert.Equal((1.0, 1.0), ScoreObjective.TaskRewards(Stage.ScoreStageTwo, 1, 1, c));
        Assert.Equal((0.0, 1.0), ScoreObjective.TaskRewards(Stage.ScoreStageOne, 1, 1, c));    // Stage I: attempt 2 only
        Assert.Equal((1.0, 1.0), ScoreObjective.TaskRewards(Stage.MultiTurn, 1, 1, c));
    }

    [Fact]
    public void StageOneHoldsAttemptOneWithBeta2()
    {
        var c = new ScoreCoefficients { Beta1 = 0.01, Beta2 = 0.1 };
        Assert.Equal((0.1, 0.01), ScoreObjective.KlCoefficients(Stage.ScoreStageOne, c));
        Assert.Equal((0.01, 0.01), ScoreObjective.KlCoefficients(Stage.ScoreStageTwo, c));
        Assert.Equal((0.1, 0.01), ScoreObjective.KlCoefficients(Stage.ScoreStageTwo, c, holdAttemptOne: true));
    }

    [Fact]
    public void WeightsAreBaselinedTaskRewardMinusKlToGo()
    {
        var rewards = new List<(double, double)> { (0, 1), (0, 0) };
        IReadOnlyList<IReadOnlyList<double>> e0 = [new[] { 0.0 }, new[] { 1.0, 2.0 }], e1 = [new[] { 0.0 }, new[] { 0.0, 0.0 }];
        var kl = new List<IReadOnlyList<IReadOnlyList<double>>> { e0, e1 };
        var w = ScoreObjective.Advantages(Stage.MultiTurn, rewards, kl, 2, new ScoreCoefficients { Beta1 = 0.5 }, klInReward: true);
        // attempt 2 of episode 0: baselined reward 1 - 0 = 1; KL to go: 0.5*(1+2) at token 0, 0.5*2 at token 1.
        Assert.Equal(1 - 1.5, w[0][1][0], 9);
        Assert.Equal(1 - 1.0, w[0][1][1], 9);
        Assert.Equal(-1.0, w[1][1][0], 9);
    }

    [Fact]
    public void TheNoBonusAblationTrainsStageTwoWithoutTheBonus()
    {
        var score = new RlConfig { Method = Method.Score };
        var noBonus = new RlConfig { Method = Method.ScoreNoBonus };
        Assert.Equal(10, score.MethodCoefficients.Alpha);
        Assert.Equal(0, noBonus.MethodCoefficients.Alpha);
        Assert.Equal(score.Coefficients with { Alpha = 0 }, noBonus.MethodCoefficients);
        Assert.Equal(score.Stages(), noBonus.Stages());
        Assert.Equal((0.0, 1.0), ScoreObjective.TaskRewards(Stage.ScoreStageTwo, 0, 1, noBonus.MethodCoefficients));
        Assert.Equal((0.0, 11.0), ScoreObjective.TaskRewards(Stage.ScoreStageTwo, 0, 1, score.MethodCoefficients));
    }
}

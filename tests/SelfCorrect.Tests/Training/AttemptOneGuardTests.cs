using SelfCorrect.Evaluation;
using SelfCorrect.Training;

namespace SelfCorrect.Tests.Training;

public class AttemptOneGuardTests
{
    [Fact]
    public void DegeneratePolicyWithBadAttemptOneAndGoodAttemptTwoIsFlagged()
    {
        // A planted degenerate policy: it writes a bad attempt 1 and fixes it in attempt 2, earning the bonus.
        var rng = new Random(5);
        int n = 300;
        var correct = Enumerable.Range(0, n).Select(_ => (IReadOnlyList<bool>)[rng.NextDouble() < 0.2, rng.NextDouble() < 0.9]).ToList();
        var texts = correct.Select(_ => (IReadOnlyList<string>)["1+2=4.", "1+2=3."]).ToList();
        var m = SelfCorrectionMetrics.Compute(correct, texts);
        var guard = new AttemptOneGuard(new GuardConfig(), referenceT1: 0.55, heldOutProblems: n);
        var d = guard.Check(m.Accuracy[0], bonusFlipRate: m.DeltaIToC);
        Assert.True(d.Flagged);
        Assert.True(guard.Holding);
        Assert.Contains("fell", d.Reason);
    }

    [Fact]
    public void HonestImprovementIsNotFlaggedAndHoldReleasesOnRecovery()
    {
        var guard = new AttemptOneGuard(new GuardConfig(), 0.55, 300);
        Assert.False(guard.Check(0.60, 0.1).Flagged);
        Assert.False(guard.Check(0.54, 0.1).Flagged);      // within the noise margin
        Assert.True(guard.Check(0.40, 0.1).Flagged);
        Assert.True(guard.Check(0.50, 0.0).Holding);        // still below: keeps holding
        Assert.False(guard.Check(0.55, 0.0).Holding);       // recovered
    }

    [Fact]
    public void DisabledGuardNeverHolds()
    {
        var guard = new AttemptOneGuard(new GuardConfig { Enabled = false }, 0.55, 300);
        guard.Check(0.1, 0.5);
        Assert.False(guard.Holding);
    }
}

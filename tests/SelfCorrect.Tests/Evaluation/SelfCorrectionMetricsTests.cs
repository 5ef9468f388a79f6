using SelfCorrect.Evaluation;

namespace SelfCorrect.Tests.Evaluation;

public class SelfCorrectionMetricsTests
{
    [Fact]
    public void DeltaEqualsFlipsAndAccuracyDifference()
    {
        var correct = new List<IReadOnlyList<bool>> { new[] { false, true }, new[] { true, false }, new[] { false, true }, new[] { true, true }, new[] { false, false } };
        var texts = correct.Select(_ => (IReadOnlyList<string>)["abc", "abd"]).ToList();
        var m = SelfCorrectionMetrics.Compute(correct, texts);
        Assert.Equal(0.4, m.Accuracy[0], 12);
        Assert.Equal(0.6, m.Accuracy[1], 12);
        Assert.Equal(0.2, m.Delta, 12);
        Assert.Equal(0.4, m.DeltaIToC, 12);
        Assert.Equal(0.2, m.DeltaCToI, 12);
        Assert.Equal(m.Accuracy[1] - m.Accuracy[0], m.DeltaIToC - m.DeltaCToI, 12);
        Assert.Equal(1.0 / 6, m.EditRatio, 12);
        Assert.True(m.Ci95["delta"][0] < m.Delta && m.Delta < m.Ci95["delta"][1]);
    }

    [Fact]
    public void WilsonIntervalMatchesKnownValues()
    {
        var ci = SelfCorrectionMetrics.Wilson(50, 100);
        Assert.Equal(0.4038, ci[0], 3);
        Assert.Equal(0.5962, ci[1], 3);
    }

    [Fact]
    public void EditRatio()
    {
        Assert.Equal(0, EditDistance.Ratio("", ""));
        Assert.Equal(3, EditDistance.Levenshtein("kitten", "sitting"));
        Assert.Equal(3.0 / 13, EditDistance.Ratio("kitten", "sitting"), 12);
    }
}

using SelfCorrect.Evaluation;
using SelfCorrect.Generation;
using SelfCorrect.Tasks;

namespace SelfCorrect.Tests.Evaluation;

public class GroupBreakdownTests
{
    static EpisodeRollout E(int group, bool r1, bool r2, string y1, string y2) => new(
        new Problem($"p{group}-{y1}-{y2}", "x", "1"), [[], []], [[], []], [y1, y2],
        [new Verdict(r1 ? 1 : 0, null, r1 ? "correct" : "wrong"), new Verdict(r2 ? 1 : 0, null, r2 ? "correct" : "wrong")]);

    [Fact]
    public void EachGroupHasItsOwnMetricsAndCopyShare()
    {
        var episodes = new[]
        {
            E(6, false, true, "1+5=6.", "6+3=9."),  // continued: wrong -> right
            E(6, false, false, "1+5=6.", "1+5=6."), // copied a wrong answer
            E(3, true, true, "1+2=3.", "1+2=3."),
            E(3, true, false, "1+2=3.", "1+2=4."),
            E(3, false, false, "1+2=2.", "1+2=2."),
            E(3, false, true, "1+2=2.", "1+2=3."),
        };

        var groups = GroupBreakdown.Of(episodes, e => int.Parse(e.Problem.Id[1..2]));

        Assert.Equal([3, 6], groups.Select(g => g.Key));
        var three = groups[0];
        Assert.Equal(4, three.Count);
        Assert.Equal([0.5, 0.5], three.Metrics.Accuracy);
        Assert.Equal((0.25, 0.25), (three.Metrics.DeltaIToC, three.Metrics.DeltaCToI));
        Assert.Equal(0.5, three.CopiedShare);
        var six = groups[1];
        Assert.Equal([0.0, 0.5], six.Metrics.Accuracy);
        Assert.Equal((0.5, 0.0, 0.5), (six.Metrics.DeltaIToC, six.Metrics.DeltaCToI, six.CopiedShare));
    }
}

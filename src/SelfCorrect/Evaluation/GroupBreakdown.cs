using SelfCorrect.Generation;

namespace SelfCorrect.Evaluation;

/// <summary>The self-correction metrics of one group of episodes (for example, the sums with a given number of
/// terms), and how often the last attempt repeated the first word for word.</summary>
public sealed record GroupBreakdown(int Key, int Count, SelfCorrectionMetrics Metrics, double CopiedShare)
{
    public static IReadOnlyList<GroupBreakdown> Of(IReadOnlyList<EpisodeRollout> episodes, Func<EpisodeRollout, int> key) =>
        episodes.GroupBy(key).OrderBy(g => g.Key).Select(g =>
        {
            var list = g.ToList();
            return new GroupBreakdown(g.Key, list.Count, Evaluator.Metrics(list),
                list.Count(e => e.AttemptTexts.Length > 1 && e.AttemptTexts[^1] == e.AttemptTexts[0]) / (double)list.Count);
        }).ToList();
}

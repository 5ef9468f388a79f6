namespace SelfCorrect.Tasks.Arithmetic;

/// <summary>
/// The proportions of the base model's pretraining corpus (docs/task-design.md explains each choice).
/// </summary>
public sealed record CorpusMix
{
    /// <summary>Share of problems that one attempt can finish which also get a revision example.</summary>
    public double RevisionFraction { get; init; } = 0.4;
    /// <summary>Share of revision examples among problems that one attempt cannot finish: all of them, so
    /// that the skill of continuing is seen often, while copying stays the more likely second attempt.</summary>
    public double IncompleteRevisionFraction { get; init; } = 1.0;
    /// <summary>A wrong complete first attempt is rewritten correctly this often, else copied. With <see cref="SlipRate"/>
    /// 0.75, a second attempt that recomputes a slip step instead of copying is still right there less often than not
    /// (0.25 + 0.75 × 0.25 &lt; 0.5), so greedy decoding does not fix slips, while a quarter of sampled second attempts do.</summary>
    public double FixRate { get; init; } = 0.25;
    /// <summary>An unfinished first attempt is continued this often, else copied: rarely, as the paper's base models
    /// rarely correct themselves, so that a method must find continuing by itself (docs/task-design.md).</summary>
    public double ContinueRate { get; init; } = 0.1;
    /// <summary>A right first attempt is broken (its last sum off by ten) this often, else copied.</summary>
    public double BreakRate { get; init; } = 0.05;
    /// <summary>Probability of the systematic slip (<see cref="ImperfectSolver.IsSlipStep"/>) in first attempts.</summary>
    public double SlipRate { get; init; } = 0.75;

    /// <summary>Share of corpus problems that one attempt cannot finish (null, the default: as in the task, 1 in 5 at
    /// difficulty 2). More of them show continuing from attempt 1 more often without changing how often it is chosen;
    /// docs/task-design.md has what 0.4 did.</summary>
    public double? UnfinishedShare { get; init; }

    /// <summary>First attempts that one attempt cannot finish stop without the final '.' (<see cref="ImperfectSolver.StopUnfinishedWithoutAnswer"/>),
    /// so a second look can see that a sum is unfinished without counting its terms. Off by default (docs/task-design.md).</summary>
    public bool StopUnfinishedWithoutAnswer { get; init; }

    public void Validate()
    {
        foreach (var (name, v) in new[] { ("revision fraction", RevisionFraction), ("incomplete revision fraction", IncompleteRevisionFraction),
                     ("fix rate", FixRate), ("continue rate", ContinueRate), ("break rate", BreakRate), ("slip rate", SlipRate), ("unfinished share", UnfinishedShare ?? 0) })
            if (v is < 0 or > 1 || double.IsNaN(v)) throw new UserError($"corpus {name} must be between 0 and 1 (got {v})");
    }
}

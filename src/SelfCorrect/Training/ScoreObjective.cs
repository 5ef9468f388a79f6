namespace SelfCorrect.Training;

/// <summary>What the objective pays each attempt for, per method (paper §5, Eqs. 3–4).</summary>
public enum Stage
{
    /// <summary>SCoRe Stage I: max r(y2) − β2·KL(y1) − β1·KL(y2). Attempt 1 earns nothing but is held to the base model.</summary>
    ScoreStageOne,
    /// <summary>SCoRe Stage II: max r(y1) + r̂(y2) − β1·KL, with r̂(y2) = r(y2) + α·(r(y2) − r(y1)).</summary>
    ScoreStageTwo,
    /// <summary>Naive multi-turn RL: r(y1) and r(y2), each on its own attempt, no bonus.</summary>
    MultiTurn,
    /// <summary>Single-turn RL: r(y1) only; a second attempt is not sampled.</summary>
    SingleTurn,
}

/// <summary>The SCoRe coefficients; the defaults are the paper's.</summary>
public sealed record ScoreCoefficients
{
    public double Alpha { get; init; } = 10;
    public double Beta1 { get; init; } = 0.01;
    public double Beta2 { get; init; } = 0.1;
    public double Gamma { get; init; } = 1.0;
}

/// <summary>
/// The SCoRe objective. Credit goes per attempt: the tokens of attempt t are weighted by attempt t's
/// own task reward (shaped as the stage says) and its own KL, never by another attempt's reward, so
/// attempt 1 is never paid for a wrong attempt 1 whatever α is. Task rewards are baselined with RLOO
/// over the k samples of each prompt; the KL penalty (reward form) is subtracted token by token.
/// </summary>
public static class ScoreObjective
{
    /// <summary>The task reward credited to each attempt (before baselines and KL).</summary>
    public static (double Attempt1, double Attempt2) TaskRewards(Stage stage, double r1, double r2, ScoreCoefficients c) => stage switch
    {
        Stage.ScoreStageOne => (0, r2),
        Stage.ScoreStageTwo => (r1, r2 + c.Alpha * (r2 - r1)),
        Stage.MultiTurn => (r1, r2),
        Stage.SingleTurn => (r1, 0),
        _ => throw new ArgumentOutOfRangeException(nameof(stage)),
    };

    /// <summary>KL coefficient of each attempt's tokens.</summary>
    /// <param name="holdAttemptOne">The guard's hold: attempt 1 gets Stage I's strong β2.</param>
    public static (double Attempt1, double Attempt2) KlCoefficients(Stage stage, ScoreCoefficients c, bool holdAttemptOne = false) =>
        stage == Stage.ScoreStageOne || holdAttemptOne ? (c.Beta2, c.Beta1) : (c.Beta1, c.Beta1);

    /// <summary>
    /// Per-token weights (advantages) for a group of episodes laid out prompt-major with k samples each.
    /// rewards[i] = (r(y1), r(y2)); tokenKl[i][t] = the per-token KL estimates of attempt t (empty when
    /// the KL goes in the loss instead). Returns weights[i][t][j] for token j of attempt t.
    /// </summary>
    public static double[][][] Advantages(Stage stage, IReadOnlyList<(double R1, double R2)> rewards,
        IReadOnlyList<IReadOnlyList<IReadOnlyList<double>>> tokenKl, int k, ScoreCoefficients c, bool klInReward, bool holdAttemptOne = false)
    {
        int n = rewards.Count, attempts = stage == Stage.SingleTurn ? 1 : 2;
        var task = rewards.Select(r => TaskRewards(stage, r.R1, r.R2, c)).ToArray();
        var (klAttempt1, klAttempt2) = KlCoefficients(stage, c, holdAttemptOne);
        var weights = new double[n][][];
        for (int i = 0; i < n; i++) weights[i] = new double[attempts][];
        for (int t = 0; t < attempts; t++)
        {
            var baselined = PolicyGradient.LeaveOneOutAdvantages(task.Select(x => t == 0 ? x.Attempt1 : x.Attempt2).ToArray(), k);
            double beta = klInReward ? (t == 0 ? klAttempt1 : klAttempt2) : 0;
            for (int i = 0; i < n; i++)
            {
                var kl = tokenKl[i][t];
                // Returns with the task reward replaced by its baselined value: G_j − b = A_task − β·Σ_{j'≥j} γ^(j'−j) kl_j'.
                weights[i][t] = PolicyGradient.AttemptReturns(baselined[i], kl, beta, c.Gamma);
            }
        }
        return weights;
    }
}

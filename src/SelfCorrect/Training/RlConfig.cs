namespace SelfCorrect.Training;

/// <summary>Training methods: SCoRe, its ablations and the baselines it is judged against.</summary>
public enum Method { Score, ScoreNoStageOne, ScoreNoBonus, MultiTurnRl, SingleTurnRl, Star, PairSft }

public static class MethodNames
{
    /// <summary>The names used on the command line and as keys of results.json.</summary>
    public static string Of(Method m) => m switch
    {
        Method.Score => "score",
        Method.ScoreNoStageOne => "score-no-stage1",
        Method.ScoreNoBonus => "score-no-bonus",
        Method.MultiTurnRl => "multiturn-rl",
        Method.SingleTurnRl => "singleturn-rl",
        Method.Star => "star",
        Method.PairSft => "pair-sft",
        _ => throw new ArgumentOutOfRangeException(nameof(m)),
    };

    public static Method Parse(string name) =>
        Enum.GetValues<Method>().FirstOrDefault(m => Of(m) == name, (Method)(-1)) is var m && (int)m >= 0
            ? m : throw new UserError($"unknown method '{name}' (known: {string.Join(", ", Enum.GetValues<Method>().Select(Of))})");
}

/// <summary>
/// One RL (or RL-budget baseline) run. Every method gets the same budget: <see cref="TotalSteps"/>
/// gradient steps, each on <see cref="PromptsPerStep"/> × <see cref="SamplesPerPrompt"/> sampled episodes.
/// SCoRe splits the steps into Stage I then Stage II; <see cref="Schedule"/> can interleave them.
/// </summary>
public sealed record RlConfig
{
    public Method Method { get; init; } = Method.Score;
    public int Stage1Steps { get; init; } = 50;
    public int Stage2Steps { get; init; } = 100;
    /// <summary>Optional explicit SCoRe schedule, e.g. "1:25,2:50,1:25,2:50"; overrides the two counts.</summary>
    public string? Schedule { get; init; }
    public int PromptsPerStep { get; init; } = 16;
    public int SamplesPerPrompt { get; init; } = 4;
    public ScoreCoefficients Coefficients { get; init; } = new();
    public KlEstimator KlEstimator { get; init; } = KlEstimator.K1;
    public KlPlacement KlPlacement { get; init; } = KlPlacement.Reward;
    public OptimConfig Optim { get; init; } = new() { LearningRate = 1e-4, WarmupSteps = 5, MinLrRatio = 1.0, WeightDecay = 0 };
    /// <summary>Start AdamW afresh when the SCoRe stage changes (its moments belong to the other objective).</summary>
    public bool ResetOptimizerAtStageChange { get; init; } = true;
    public double Temperature { get; init; } = 1.0;
    /// <summary>Episodes generated at once; lower it for real models on small devices.</summary>
    public int GenerationBatchSize { get; init; } = 256;
    public int EvalEvery { get; init; } = 25;
    public int EvalProblems { get; init; } = 300;
    public int CheckpointEvery { get; init; } = 50;
    /// <summary>STaR: how many sample-filter-finetune rounds share the budget.</summary>
    public int StarIterations { get; init; } = 3;
    public GuardConfig Guard { get; init; } = new();
    public int Seed { get; init; } = 1;

    public int TotalSteps => Stages().Count;

    /// <summary>The coefficients the method trains with: the ablation score-no-bonus is SCoRe with α = 0.</summary>
    public ScoreCoefficients MethodCoefficients => Method == Method.ScoreNoBonus ? Coefficients with { Alpha = 0 } : Coefficients;

    /// <summary>The stage of every step.</summary>
    public IReadOnlyList<Stage> Stages()
    {
        switch (Method)
        {
            case Method.MultiTurnRl: return Enumerable.Repeat(Stage.MultiTurn, Stage1Steps + Stage2Steps).ToList();
            case Method.SingleTurnRl: return Enumerable.Repeat(Stage.SingleTurn, Stage1Steps + Stage2Steps).ToList();
            case Method.ScoreNoStageOne: return Enumerable.Repeat(Stage.ScoreStageTwo, Stage1Steps + Stage2Steps).ToList();
            case Method.Star or Method.PairSft: return Enumerable.Repeat(Stage.MultiTurn, Stage1Steps + Stage2Steps).ToList();
        }
        if (Schedule is null)
            return [.. Enumerable.Repeat(Stage.ScoreStageOne, Stage1Steps), .. Enumerable.Repeat(Stage.ScoreStageTwo, Stage2Steps)];
        var list = new List<Stage>();
        foreach (var part in Schedule.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = part.Split(':');
            if (kv.Length != 2 || kv[0] is not ("1" or "2") || !int.TryParse(kv[1], out int n) || n < 1)
                throw new UserError($"bad schedule entry '{part}' (expected STAGE:STEPS with STAGE 1 or 2, e.g. 1:50,2:100)");
            list.AddRange(Enumerable.Repeat(kv[0] == "1" ? Stage.ScoreStageOne : Stage.ScoreStageTwo, n));
        }
        return list;
    }

    public void Validate()
    {
        if (SamplesPerPrompt < 2) throw new UserError("samples per prompt must be at least 2 (the leave-one-out baseline needs them)");
        if (PromptsPerStep < 1) throw new UserError("prompts per step must be at least 1");
        if (Stage1Steps < 0 || Stage2Steps < 0 || TotalSteps < 1) throw new UserError("steps must be non-negative and add up to at least 1");
        if (KlPlacement == KlPlacement.Loss && KlEstimator == KlEstimator.K1)
            throw new UserError("the k1 estimator has zero expected gradient as a loss; use --kl-estimator k2 or k3 with --kl-in loss, or --kl-in reward");
        if (KlPlacement == KlPlacement.Reward && KlEstimator != KlEstimator.K1)
            throw new UserError("in the reward, only k1 gives REINFORCE the gradient of KL (k2/k3 rewards stall away from the reference); use k1, or k2/k3 with --kl-in loss");
        if (Coefficients.Gamma is <= 0 or > 1) throw new UserError("gamma must be in (0, 1]");
        if (Temperature <= 0) throw new UserError("temperature must be > 0");
        if (GenerationBatchSize < 1) throw new UserError("generation batch size must be at least 1");
    }
}

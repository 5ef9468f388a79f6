using SelfCorrect.Checkpoints;
using SelfCorrect.Model;
using SelfCorrect.Tasks;
using SelfCorrect.Text;

namespace SelfCorrect.Training;

/// <summary>
/// Trains one method on a built-in task (the checkpoint's: arithmetic or code), starting from a base checkpoint:
/// loads the policy and, for the RL methods, a frozen reference copy, runs the method (<see cref="MethodRun"/>),
/// checkpoints OUT/last at intervals (with the optimizer and the step, so --resume continues), and saves the
/// final model in OUT/final.
/// </summary>
public static class BuiltInRun
{
    /// <param name="task">The task to train on; must be the checkpoint's when given.</param>
    /// <param name="attemptBudget">Replaces the task's tokens per attempt when given.</param>
    public static RlHistory Run(string baseDir, RlConfig cfg, string outDir, Action<TrainProgress>? progress = null, bool resume = false,
        int heldOutSeed = 1, string? task = null, int? attemptBudget = null)
    {
        var info = Checkpoint.ReadInfo(baseDir);
        if (task is not null && BuiltInTask.Canonical(task) != info.Task)
            throw new UserError($"{baseDir} was trained on the {info.Task} task, not {BuiltInTask.Canonical(task)}");
        if (attemptBudget is < 1) throw new UserError("the attempt budget must be at least 1 token");
        var resumed = MethodRun.ResumeState(outDir, cfg, resume);
        using var builtIn = BuiltInTask.For(info);
        var (policy, tokenizer, _) = Checkpoint.Load(resumed is null ? baseDir : Path.Combine(outDir, MethodRun.LastDir));
        using var _ = policy;
        var format = new CharEpisodeFormat(tokenizer);
        var train = builtIn.Generate(cfg.Seed, builtIn.TrainProblems, Split.Train);
        var heldOut = builtIn.Generate(heldOutSeed + 1000, Math.Min(cfg.EvalProblems, builtIn.TestSplitSize ?? int.MaxValue), Split.Test);
        TorchSharp.torch.random.manual_seed(cfg.Seed);
        CheckpointInfo Info(int step) => info with { MadeBy = MethodNames.Of(cfg.Method), Seed = cfg.Seed, Step = step };

        CausalLM? refModel = null;
        try
        {
            var history = MethodRun.Run(policy, () => new FrozenReference(refModel = Checkpoint.LoadModel(baseDir)), format, builtIn.Verifier,
                builtIn.Instruction, attemptBudget ?? builtIn.AttemptBudget, cfg, train, heldOut, outDir, progress, resumed,
                (dir, step) => Checkpoint.Save(dir, policy, Info(step)));
            Checkpoint.Save(Path.Combine(outDir, MethodRun.FinalDir), policy, Info(cfg.TotalSteps));
            return history;
        }
        finally
        {
            refModel?.Dispose();
        }
    }
}

using System.Text.Json;
using SelfCorrect.Model;
using SelfCorrect.Tasks;
using SelfCorrect.Text;

namespace SelfCorrect.Training;

/// <summary>What a resumable run records in OUT/last next to the model and the optimizer.</summary>
public sealed record TrainerState(int Step, double ReferenceT1, string Method);

/// <summary>
/// The part of a training run that does not depend on the kind of model: runs one method (the RL trainer, or the
/// STaR / Pair-SFT baselines) on a loaded policy, logs to OUT/metrics.jsonl, and for the RL methods checkpoints
/// OUT/last at intervals (the model through <c>saveModel</c>, plus the optimizer and the step) so that --resume
/// continues. Loading the policy (from the base or, when resuming, from OUT/last) and saving OUT/final stay with
/// the caller: <see cref="BuiltInRun"/> for built-in models, <see cref="HfRun"/> for Hugging Face models.
/// </summary>
public static class MethodRun
{
    public const string StateFile = "trainer_state.json", OptimizerFile = "optimizer.bin", LastDir = "last", FinalDir = "final", MetricsFile = "metrics.jsonl";

    /// <summary>The state to resume from (null without <paramref name="resume"/>); checked before anything is loaded.</summary>
    public static TrainerState? ResumeState(string outDir, RlConfig cfg, bool resume)
    {
        if (!resume) return null;
        if (cfg.Method is Method.Star or Method.PairSft) throw new UserError("--resume is supported for the RL methods; STaR and Pair-SFT restart from the base");
        var last = Path.Combine(outDir, LastDir);
        var path = Path.Combine(last, StateFile);
        if (!File.Exists(path)) throw new UserError($"nothing to resume: {last} has no {StateFile}");
        TrainerState state;
        try { state = JsonSerializer.Deserialize<TrainerState>(File.ReadAllText(path)) ?? throw new UserError($"{path} is empty"); }
        catch (JsonException e) { throw new UserError($"{path} is corrupt: {e.Message.Split('\n')[0]}"); }
        if (state.Method != MethodNames.Of(cfg.Method)) throw new UserError($"{last} was trained with {state.Method}, not {MethodNames.Of(cfg.Method)}");
        if (!File.Exists(Path.Combine(last, OptimizerFile))) throw new UserError($"nothing to resume: {last} has no {OptimizerFile}");
        return state;
    }

    /// <param name="reference">Makes the KL reference; called only for the RL methods.</param>
    /// <param name="saveModel">Writes the policy (or its adapters) into a folder, given the step reached; the folder is replaced.</param>
    /// <param name="resumed">From <see cref="ResumeState"/>; the policy must already hold OUT/last's weights.</param>
    public static RlHistory Run(CausalLM policy, Func<IReferencePolicy> reference, IEpisodeFormat format, IVerifier verifier,
        string instruction, int attemptBudget, RlConfig cfg, IReadOnlyList<Problem> train, IReadOnlyList<Problem> heldOut,
        string outDir, Action<TrainProgress>? progress, TrainerState? resumed, Action<string, int> saveModel)
    {
        Directory.CreateDirectory(outDir);
        using var log = new MetricsLog(Path.Combine(outDir, MetricsFile), append: resumed is not null);
        if (cfg.Method is Method.Star or Method.PairSft)
        {
            var sft = new SftBaselines(policy, format, verifier, instruction, attemptBudget, cfg);
            return cfg.Method == Method.Star ? sft.Star(train, heldOut, log, progress) : sft.PairSft(train, heldOut, log, progress);
        }
        var trainer = new RlTrainer(policy, reference(), format, verifier, instruction, attemptBudget, cfg);
        var last = Path.Combine(outDir, LastDir);
        if (resumed is not null) trainer.Optimizer.load_state_dict(Path.Combine(last, OptimizerFile));
        return trainer.Train(train, heldOut, log, progress, resumed?.Step ?? 0, resumed?.ReferenceT1, (step, refT1) =>
        {
            saveModel(last, step);
            trainer.Optimizer.save_state_dict(Path.Combine(last, OptimizerFile));
            File.WriteAllText(Path.Combine(last, StateFile), JsonSerializer.Serialize(new TrainerState(step, refT1, MethodNames.Of(cfg.Method))));
        });
    }
}

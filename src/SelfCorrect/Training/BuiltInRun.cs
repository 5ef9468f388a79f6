using System.Text.Json;
using SelfCorrect.Checkpoints;
using SelfCorrect.Tasks;
using SelfCorrect.Tasks.Arithmetic;
using SelfCorrect.Text;

namespace SelfCorrect.Training;

/// <summary>
/// Trains one method on the built-in arithmetic task, starting from a base checkpoint: loads the
/// policy and a frozen reference copy, runs the method, checkpoints OUT/last at intervals (with the
/// optimizer and the step, so --resume continues), and saves the final model in OUT/final.
/// </summary>
public static class BuiltInRun
{
    public const int TrainProblems = 20_000;

    public static RlHistory Run(string baseDir, RlConfig cfg, string outDir, Action<TrainProgress>? progress = null, bool resume = false, int heldOutSeed = 1)
    {
        var (policy, tokenizer, info) = Checkpoint.Load(baseDir);
        using var _ = policy;
        var task = info.Arithmetic ?? new ArithmeticConfig();
        var format = new CharEpisodeFormat(tokenizer);
        var verifier = new ArithmeticVerifier();
        var generator = new ArithmeticTask(task);
        var train = generator.Generate(cfg.Seed, TrainProblems, Split.Train);
        var heldOut = generator.Generate(heldOutSeed + 1000, cfg.EvalProblems, Split.Test);
        TorchSharp.torch.random.manual_seed(cfg.Seed);
        Directory.CreateDirectory(outDir);
        using var log = new MetricsLog(Path.Combine(outDir, "metrics.jsonl"), append: resume);
        CheckpointInfo Info(int step) => info with { MadeBy = MethodNames.Of(cfg.Method), Seed = cfg.Seed, Step = step };

        RlHistory history;
        if (cfg.Method is Method.Star or Method.PairSft)
        {
            if (resume) throw new UserError("--resume is supported for the RL methods; STaR and Pair-SFT restart from the base");
            var sft = new SftBaselines(policy, format, verifier, task.Instruction, task.AttemptBudget, cfg);
            history = cfg.Method == Method.Star ? sft.Star(train, heldOut, log, progress) : sft.PairSft(train, heldOut, log, progress);
        }
        else
        {
            var (refModel, _, _) = Checkpoint.Load(baseDir);
            using var __ = refModel;
            var trainer = new RlTrainer(policy, new FrozenReference(refModel), format, verifier, task.Instruction, task.AttemptBudget, cfg);
            int start = 0;
            double? refT1 = null;
            var last = Path.Combine(outDir, "last");
            if (resume)
            {
                if (!File.Exists(Path.Combine(last, StateFile))) throw new UserError($"nothing to resume: {last} has no {StateFile}");
                var state = JsonSerializer.Deserialize<TrainerState>(File.ReadAllText(Path.Combine(last, StateFile)))!;
                var saved = Checkpoint.LoadModel(last);
                using (TorchSharp.torch.no_grad())
                    foreach (var (name, p) in policy.named_parameters()) p.copy_(saved.get_parameter(name)!);
                saved.Dispose();
                trainer.Optimizer.load_state_dict(Path.Combine(last, OptimizerFile));
                (start, refT1) = (state.Step, state.ReferenceT1);
            }
            history = trainer.Train(train, heldOut, log, progress, start, refT1, (step, reference) =>
            {
                Checkpoint.Save(last, policy, Info(step));
                trainer.Optimizer.save_state_dict(Path.Combine(last, OptimizerFile));
                File.WriteAllText(Path.Combine(last, StateFile), JsonSerializer.Serialize(new TrainerState(step, reference, MethodNames.Of(cfg.Method))));
            });
        }
        Checkpoint.Save(Path.Combine(outDir, "final"), policy, Info(cfg.TotalSteps));
        return history;
    }

    const string StateFile = "trainer_state.json", OptimizerFile = "optimizer.bin";

    public sealed record TrainerState(int Step, double ReferenceT1, string Method);
}

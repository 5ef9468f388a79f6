using System.Diagnostics;
using SelfCorrect.Checkpoints;
using SelfCorrect.Evaluation;
using SelfCorrect.Generation;
using SelfCorrect.Tasks;
using SelfCorrect.Tasks.Arithmetic;
using SelfCorrect.Text;
using SelfCorrect.Training;

namespace SelfCorrect.Experiments;

/// <summary>The outcome of one method in a reproduction: held-out test metrics and its training history.</summary>
public sealed record MethodResult(string Name, SelfCorrectionMetrics Metrics, RlHistory? History, double Seconds);

/// <summary>
/// The main job: pretrain (or reuse) the base model, train every method of the preset with the same
/// budget, and evaluate each on the same held-out test set with greedy decoding.
/// </summary>
public sealed class Reproduction(ReproducePreset preset, int seed, int difficulty, string outDir)
{
    public string BaseDir => Path.Combine(outDir, "base");

    public IReadOnlyList<MethodResult> Run(Action<string, double, double> progress)
    {
        var task = ArithmeticConfig.ForDifficulty(difficulty);
        var pretrain = new PretrainConfig { Seed = seed, Steps = preset.PretrainStepsFor(difficulty), Task = task };
        if (!ReusableBase(pretrain))
            Pretraining.Run(pretrain, BaseDir, Path.Combine(outDir, "logs", "pretrain.jsonl"), p => progress("pretrain", p.Step, p.Total));
        var test = new ArithmeticTask(task).Generate(seed, preset.TestProblems, Split.Test);
        var results = new List<MethodResult>();
        foreach (var name in preset.Methods)
        {
            var clock = Stopwatch.StartNew();
            RlHistory? history = null;
            string modelDir = BaseDir;
            if (name is not ("base" or "self-refine"))
            {
                var method = MethodNames.Parse(name);
                var cfg = preset.RlConfigFor(method, seed);
                var runDir = Path.Combine(outDir, "runs", name);
                history = BuiltInRun.Run(BaseDir, cfg, runDir, p => progress(name, p.Step, p.Total), heldOutSeed: seed);
                modelDir = Path.Combine(runDir, "final");
            }
            var (model, tokenizer, _) = Checkpoint.Load(modelDir);
            using (model)
            {
                var format = new CharEpisodeFormat(tokenizer);
                var metrics = name == "self-refine"
                    ? SelfRefine.Run(model, format, new ArithmeticVerifier(), task.Instruction, test, task.AttemptBudget, seed)
                    : Evaluator.Run(model, format, new ArithmeticVerifier(), task.Instruction, test, 2, SamplingOptions.GreedyDecoding(task.AttemptBudget), seed,
                        (d, t) => progress($"{name} eval", d, t)).Metrics;
                results.Add(new MethodResult(name, metrics, history, clock.Elapsed.TotalSeconds));
            }
            progress(name, 1, 1);
        }
        return results;
    }

    /// <summary>A base in OUT/base is reused when it was pretrained with the same seed, steps, task, corpus and learning rate.</summary>
    bool ReusableBase(PretrainConfig pretrain) =>
        File.Exists(Path.Combine(BaseDir, Checkpoint.InfoFile)) && Reusable(Checkpoint.ReadInfo(BaseDir), pretrain);

    /// <summary>Whether a stored base's record matches the pretraining that would otherwise run (older bases lack the learning rate: not reused).</summary>
    public static bool Reusable(CheckpointInfo info, PretrainConfig pretrain) =>
        info.MadeBy == "pretrain" && info.Seed == pretrain.Seed && info.Step == pretrain.Steps && info.Arithmetic == pretrain.Task
        && info.Corpus == pretrain.Corpus && info.PretrainLearningRate == pretrain.Optim.LearningRate;
}

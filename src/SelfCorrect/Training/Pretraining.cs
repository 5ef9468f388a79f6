using System.Diagnostics;
using SelfCorrect.Checkpoints;
using SelfCorrect.Model;
using SelfCorrect.Tasks.Arithmetic;
using SelfCorrect.Text;
using static TorchSharp.torch;

namespace SelfCorrect.Training;

public sealed record PretrainConfig
{
    public int Seed { get; init; } = 1;
    public int Steps { get; init; } = 1200;
    public int BatchSize { get; init; } = 64;
    public int Hidden { get; init; } = 128;
    public int Layers { get; init; } = 4;
    public ArithmeticConfig Task { get; init; } = new();
    public OptimConfig Optim { get; init; } = new() { LearningRate = 3e-3, WarmupSteps = 50 };
}

/// <summary>Trains the built-in base model from scratch on the imperfect corpus and saves it.</summary>
public static class Pretraining
{
    public static CausalLM Run(PretrainConfig cfg, string outDir, string? logPath, Action<TrainProgress>? progress = null)
    {
        cfg.Task.Validate();
        random.manual_seed(cfg.Seed);
        var tokenizer = new CharTokenizer();
        var format = new CharEpisodeFormat(tokenizer);
        var model = new CausalLM(BuiltInModel.Config(tokenizer.VocabSize, cfg.Hidden, cfg.Layers));
        var corpus = new ArithmeticCorpus(cfg.Task).Generate(cfg.Seed, cfg.Steps * cfg.BatchSize);
        var episodes = corpus.Select(c => EpisodeTokens.Build(format, c.Problem.Prompt, cfg.Task.Instruction,
            c.Attempts.Select(a => (IReadOnlyList<int>)[.. tokenizer.Encode(a), CharTokenizer.EndOfTurn]).ToList())).ToList();
        var trainer = new SupervisedTrainer(model, cfg.Optim, tokenizer.PadId);
        using var log = new MetricsLog(logPath);
        var clock = Stopwatch.StartNew();
        long tokens = 0;
        for (int step = 0; step < cfg.Steps; step++)
        {
            var batch = episodes.GetRange(step * cfg.BatchSize, cfg.BatchSize);
            double lr = cfg.Optim.LrAt(step, cfg.Steps);
            var (loss, n) = trainer.Step(batch, lr);
            tokens += batch.Sum(e => e.Ids.Length);
            var metrics = new Dictionary<string, double> { ["loss"] = loss, ["lr"] = lr, ["tokens_per_s"] = tokens / clock.Elapsed.TotalSeconds };
            if (step % 10 == 0 || step == cfg.Steps - 1)
                log.Write(new Dictionary<string, object?> { ["phase"] = "pretrain", ["step"] = step, ["loss"] = loss, ["lr"] = lr, ["trained_tokens"] = n, ["tokens_per_s"] = metrics["tokens_per_s"], ["seconds"] = clock.Elapsed.TotalSeconds });
            progress?.Invoke(new TrainProgress("pretrain", step + 1, cfg.Steps, metrics));
        }
        model.eval();
        Checkpoint.Save(outDir, model, new CheckpointInfo
        {
            Tokenizer = "char", Alphabet = tokenizer.Alphabet, Task = "arithmetic", Arithmetic = cfg.Task,
            MadeBy = "pretrain", Seed = cfg.Seed, Step = cfg.Steps,
        });
        return model;
    }
}

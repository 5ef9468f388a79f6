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
    // Small batches, more updates: the arithmetic plateau is left several times sooner per example seen.
    public int Steps { get; init; } = 800;
    public int BatchSize { get; init; } = 32;
    public int Hidden { get; init; } = 128;
    public int Layers { get; init; } = 4;
    public ArithmeticConfig Task { get; init; } = new();
    public OptimConfig Optim { get; init; } = new() { LearningRate = 2e-3, WarmupSteps = 50 };
}

/// <summary>Trains the built-in base model from scratch on the imperfect corpus and saves it.</summary>
public static class Pretraining
{
    public static CausalLM Run(PretrainConfig cfg, string outDir, string? logPath, Action<TrainProgress>? progress = null)
    {
        cfg.Task.Validate();
        var tokenizer = new CharTokenizer();
        var corpus = new ArithmeticCorpus(cfg.Task).Generate(cfg.Seed, cfg.Steps * cfg.BatchSize);
        var model = Fit(cfg, tokenizer, Episodes(tokenizer, corpus, cfg.Task.Instruction), logPath, progress);
        Checkpoint.Save(outDir, model, new CheckpointInfo
        {
            Tokenizer = "char", Alphabet = tokenizer.Alphabet, Task = "arithmetic", Arithmetic = cfg.Task,
            MadeBy = "pretrain", Seed = cfg.Seed, Step = cfg.Steps,
        });
        return model;
    }

    /// <summary>The corpus as episodes of the character format, each attempt closed by end-of-turn.</summary>
    internal static List<EpisodeTokens> Episodes(CharTokenizer tokenizer, IEnumerable<Conversation> corpus, string instruction)
    {
        var format = new CharEpisodeFormat(tokenizer);
        return corpus.Select(c => EpisodeTokens.Build(format, c.Problem.Prompt, instruction,
            c.Attempts.Select(a => (IReadOnlyList<int>)[.. tokenizer.Encode(a), CharTokenizer.EndOfTurn]).ToList())).ToList();
    }

    /// <summary>Trains a fresh built-in model on <paramref name="episodes"/>, one batch of <see cref="PretrainConfig.BatchSize"/> per step in order.</summary>
    internal static CausalLM Fit(PretrainConfig cfg, CharTokenizer tokenizer, List<EpisodeTokens> episodes, string? logPath, Action<TrainProgress>? progress)
    {
        random.manual_seed(cfg.Seed);
        var model = new CausalLM(BuiltInModel.Config(tokenizer.VocabSize, cfg.Hidden, cfg.Layers));
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
        return model;
    }
}

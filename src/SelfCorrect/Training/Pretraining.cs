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
    // Small batches, many updates: the arithmetic plateau is left several times sooner per example seen, and by
    // 1600 steps the model imitates the corpus closely enough that its greedy second attempt copies (Δ about 0).
    public int Steps { get; init; } = 1600;
    public int BatchSize { get; init; } = 32;
    public int Hidden { get; init; } = 128;
    public int Layers { get; init; } = 4;
    public ArithmeticConfig Task { get; init; } = new();
    public CorpusMix Corpus { get; init; } = new();
    /// <summary>Batches of conversations of similar length (less padding), in a seeded order.</summary>
    public bool LengthBuckets { get; init; } = true;
    public OptimConfig Optim { get; init; } = new() { LearningRate = 1.5e-3, WarmupSteps = 50 };
}

/// <summary>Trains the built-in base model from scratch on the imperfect corpus and saves it.</summary>
public static class Pretraining
{
    public static CausalLM Run(PretrainConfig cfg, string outDir, string? logPath, Action<TrainProgress>? progress = null)
    {
        cfg.Task.Validate();
        cfg.Corpus.Validate();
        var tokenizer = new CharTokenizer();
        var corpus = new ArithmeticCorpus(cfg.Task, cfg.Corpus).Generate(cfg.Seed, cfg.Steps * cfg.BatchSize);
        var model = Fit(cfg, tokenizer, Episodes(tokenizer, corpus, cfg.Task.Instruction), logPath, progress);
        Checkpoint.Save(outDir, model, new CheckpointInfo
        {
            Tokenizer = "char", Alphabet = tokenizer.Alphabet, Task = "arithmetic", Arithmetic = cfg.Task, Corpus = cfg.Corpus,
            PretrainLearningRate = cfg.Optim.LearningRate, MadeBy = "pretrain", Seed = cfg.Seed, Step = cfg.Steps,
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

    /// <summary>
    /// Batches of indices 0..count-1 whose members have similar lengths: each window of <paramref name="window"/>
    /// batches is sorted by length and cut into batches, and the batches of a window are shuffled (seeded), so
    /// padding nearly vanishes while the corpus is still met in its order, a window at a time.
    /// </summary>
    public static List<int[]> Buckets(int count, int batchSize, Func<int, int> length, int seed, int window = 16)
    {
        var rng = new Random(seed * 31 + 5);
        var batches = new List<int[]>();
        int per = batchSize * window;
        for (int start = 0; start + batchSize <= count; start += per)
        {
            var idx = Enumerable.Range(start, Math.Min(per, count - start)).OrderBy(length).ThenBy(i => i).ToArray();
            var chunk = Enumerable.Range(0, idx.Length / batchSize).Select(b => idx[(b * batchSize)..((b + 1) * batchSize)]).ToArray();
            rng.Shuffle(chunk);
            batches.AddRange(chunk);
        }
        return batches;
    }

    /// <summary>Trains a fresh built-in model on <paramref name="episodes"/>, one batch of <see cref="PretrainConfig.BatchSize"/> per step
    /// (in length buckets, or in order when <see cref="PretrainConfig.LengthBuckets"/> is off).</summary>
    internal static CausalLM Fit(PretrainConfig cfg, CharTokenizer tokenizer, List<EpisodeTokens> episodes, string? logPath, Action<TrainProgress>? progress)
    {
        random.manual_seed(cfg.Seed);
        var model = new CausalLM(BuiltInModel.Config(tokenizer.VocabSize, cfg.Hidden, cfg.Layers));
        var trainer = new SupervisedTrainer(model, cfg.Optim, tokenizer.PadId);
        using var log = new MetricsLog(logPath);
        var clock = Stopwatch.StartNew();
        long tokens = 0;
        var batches = cfg.LengthBuckets ? Buckets(episodes.Count, cfg.BatchSize, i => episodes[i].Ids.Length, cfg.Seed)
            : Enumerable.Range(0, episodes.Count / cfg.BatchSize).Select(b => Enumerable.Range(b * cfg.BatchSize, cfg.BatchSize).ToArray()).ToList();
        for (int step = 0; step < cfg.Steps; step++)
        {
            var batch = batches[step].Select(i => episodes[i]).ToList();
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

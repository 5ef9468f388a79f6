using System.Diagnostics;
using SelfCorrect.Generation;
using SelfCorrect.Model;
using SelfCorrect.Text;
using SelfCorrect.Training;
using static TorchSharp.torch;

namespace SelfCorrect.Benchmarks;

/// <summary>Measured throughput of the built-in model on this machine.</summary>
public sealed record ModelBenchmarkResult(
    double MatmulGflops, double TrainTokensPerSecond, double TrainGflops, double TrainFractionOfMatmul,
    double GenerateTokensPerSecond, int Threads, long Parameters);

/// <summary>
/// Training tokens/s (forward + backward + AdamW), KV-cached generation tokens/s at batch 256, and the
/// training step's FLOP/s as a fraction of a plain fp32 matmul's FLOP/s measured in the same run.
/// Training FLOPs are counted as 6 x parameters x tokens plus the attention matmuls (12 x layers x T x hidden per token).
/// Both rates are the best of several timed trials, taken in alternation, so a stray pause or a change of the
/// machine's speed does not decide the ratio.
/// </summary>
public static class ModelBenchmark
{
    public static ModelBenchmarkResult Run(int trainSteps = 4, int trials = 5, int batch = 64, int seqLen = 96, int genBatch = 256, int genTokens = 32)
    {
        var tok = new CharTokenizer();
        var cfg = BuiltInModel.Config(tok.VocabSize);
        using var model = new CausalLM(cfg);
        random.manual_seed(0);

        var rng = new Random(0);
        var batchEpisodes = Enumerable.Range(0, batch).Select(_ =>
        {
            var ids = Enumerable.Range(0, seqLen).Select(_ => rng.Next(5, tok.VocabSize)).ToArray();
            return new EpisodeTokens(ids, Enumerable.Repeat(1, seqLen).ToArray());
        }).ToList();
        var trainer = new SupervisedTrainer(model, new OptimConfig(), tok.PadId);
        trainer.Step(batchEpisodes, 1e-3); // warm-up
        // Matmul and training trials alternate, each about half a second or more, so both rates see the same machine.
        double seconds = double.MaxValue, matmul = 0;
        for (int trial = 0; trial < trials; trial++)
        {
            matmul = Math.Max(matmul, MatmulGflops(512, 400));
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < trainSteps; i++) trainer.Step(batchEpisodes, 1e-3);
            seconds = Math.Min(seconds, clock.Elapsed.TotalSeconds);
        }
        long tokens = (long)trainSteps * batch * seqLen;
        long nonEmbedding = model.ParameterCount() - (long)cfg.VocabSize * cfg.HiddenSize;
        double flopsPerToken = 6.0 * (nonEmbedding + (long)cfg.VocabSize * cfg.HiddenSize) + 12.0 * cfg.NumHiddenLayers * seqLen * cfg.HiddenSize;
        double trainGflops = flopsPerToken * tokens / seconds / 1e9;

        model.eval();
        var gen = new BatchGenerator(model, [CharTokenizer.EndOfTurn + 1000], tok.PadId); // an eos that never occurs: full length
        var prompts = Enumerable.Range(0, genBatch).Select(i => (IReadOnlyList<int>)Enumerable.Range(0, 10 + i % 7).Select(_ => rng.Next(5, tok.VocabSize)).ToArray()).ToList();
        using var g = new TorchSharp.torch.Generator(1);
        gen.Generate(prompts.Take(8).ToList(), new SamplingOptions { MaxNewTokens = 4 }, g);
        var sw = Stopwatch.StartNew();
        var res = gen.Generate(prompts, new SamplingOptions { MaxNewTokens = genTokens }, g);
        double genSeconds = sw.Elapsed.TotalSeconds;
        long generated = res.Tokens.Sum(t => t.Length);
        return new ModelBenchmarkResult(matmul, tokens / seconds, trainGflops, trainGflops / matmul, generated / genSeconds,
            get_num_threads(), model.ParameterCount());
    }

    public static double MatmulGflops(int n, int reps)
    {
        using var scope = NewDisposeScope();
        var a = randn(n, n);
        var b = randn(n, n);
        a.matmul(b);
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < reps; i++) a.matmul(b).Dispose();
        return 2.0 * n * n * n * reps / sw.Elapsed.TotalSeconds / 1e9;
    }
}

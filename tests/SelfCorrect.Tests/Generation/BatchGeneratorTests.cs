using SelfCorrect.Generation;
using SelfCorrect.Model;
using static TorchSharp.torch;

namespace SelfCorrect.Tests.Generation;

public class BatchGeneratorTests
{
    static CausalLM TinyModel(int seed = 1)
    {
        random.manual_seed(seed);
        var model = new CausalLM(BuiltInModel.Config(40, hidden: 32, layers: 2, heads: 4, kvHeads: 2));
        // Larger weights than the 0.02 init so that the model's predictions depend strongly on context.
        using (no_grad()) foreach (var p in model.parameters()) if (p.dim() == 2) p.mul_(10);
        model.eval();
        return model;
    }

    static readonly IReadOnlyList<int>[] Prompts = [[5, 6, 7], [8, 9, 10, 11, 12, 13], [14]];

    [Fact]
    public void GreedyWithKvCacheEqualsRecomputingTheWholeSequence()
    {
        using var model = TinyModel();
        var result = new BatchGenerator(model, [2], 0).Generate(Prompts, SamplingOptions.GreedyDecoding(12));
        for (int i = 0; i < Prompts.Length; i++)
        {
            var seq = Prompts[i].ToList();
            foreach (var expected in result.Tokens[i])
            {
                using var scope = NewDisposeScope();
                using var _ = no_grad();
                var logits = model.Forward(tensor(seq.Select(x => (long)x).ToArray(), [1, seq.Count]));
                int next = (int)logits[0, -1].argmax().item<long>();
                Assert.Equal(next, expected);
                seq.Add(next);
            }
        }
    }

    [Fact]
    public void LogProbsRecordedWhileSamplingEqualRecomputedOnes()
    {
        using var model = TinyModel(2);
        using var gen = new TorchSharp.torch.Generator(3);
        var result = new BatchGenerator(model, [2], 0).Generate(Prompts, new SamplingOptions { MaxNewTokens = 10, Temperature = 1.0 }, gen);
        for (int i = 0; i < Prompts.Length; i++)
        {
            var seq = Prompts[i].Concat(result.Tokens[i]).Select(x => (long)x).ToArray();
            using var scope = NewDisposeScope();
            using var _ = no_grad();
            var logp = LogProbs.OfSequences(model, tensor(seq, [1, seq.Length]))[0].data<float>().ToArray();
            for (int j = 0; j < result.Tokens[i].Length; j++)
                Assert.True(Math.Abs(logp[Prompts[i].Count - 1 + j] - result.LogProbs[i][j]) < 1e-4, $"prompt {i} token {j}: {logp[Prompts[i].Count - 1 + j]} vs {result.LogProbs[i][j]}");
        }
    }

    [Fact]
    public void PaddingDoesNotChangeResults()
    {
        using var model = TinyModel(4);
        var gen = new BatchGenerator(model, [2], 0);
        var batched = gen.Generate(Prompts, SamplingOptions.GreedyDecoding(8));
        for (int i = 0; i < Prompts.Length; i++)
        {
            var alone = gen.Generate([Prompts[i]], SamplingOptions.GreedyDecoding(8));
            Assert.Equal(alone.Tokens[0], batched.Tokens[i]);
            for (int j = 0; j < alone.LogProbs[0].Length; j++) Assert.Equal(alone.LogProbs[0][j], batched.LogProbs[i][j], 4);
        }
    }

    [Fact]
    public void SameSeedSameSamples()
    {
        using var model = TinyModel(5);
        var gen = new BatchGenerator(model, [2], 0);
        var opts = new SamplingOptions { MaxNewTokens = 10, Temperature = 0.9, TopP = 0.9 };
        using var g1 = new TorchSharp.torch.Generator(42);
        using var g2 = new TorchSharp.torch.Generator(42);
        var a = gen.Generate(Prompts, opts, g1);
        var b = gen.Generate(Prompts, opts, g2);
        for (int i = 0; i < Prompts.Length; i++) Assert.Equal(a.Tokens[i], b.Tokens[i]);
    }

    [Fact]
    public void StopsAtEndOfSequence()
    {
        using var model = TinyModel(6);
        var free = new BatchGenerator(model, [999], 0).Generate(Prompts, SamplingOptions.GreedyDecoding(6));
        int eos = free.Tokens[0][2];
        var stopped = new BatchGenerator(model, [eos], 0).Generate(Prompts, SamplingOptions.GreedyDecoding(6));
        Assert.Equal(free.Tokens[0].Take(Array.IndexOf(free.Tokens[0], eos) + 1), stopped.Tokens[0]);
        Assert.True(stopped.Finished[0]);
    }
}

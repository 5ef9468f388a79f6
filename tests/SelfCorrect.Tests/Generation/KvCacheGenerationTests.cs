using SelfCorrect.Generation;
using SelfCorrect.Model;
using SelfCorrect.Tests.Model;
using static TorchSharp.torch;

namespace SelfCorrect.Tests.Generation;

public class KvCacheGenerationTests
{
    /// <summary>Greedy decoding by re-running the whole sequence at every step: no cache, no padding.</summary>
    static List<int> GreedyWithoutCache(CausalLM model, IReadOnlyList<int> prompt, int steps)
    {
        using var noGrad = no_grad();
        var ids = prompt.ToList();
        var generated = new List<int>();
        for (int i = 0; i < steps; i++)
        {
            using var scope = NewDisposeScope();
            var logits = model.Forward(tensor(ids.Select(x => (long)x).ToArray(), [1, ids.Count]));
            int next = (int)logits[0, -1].argmax().item<long>();
            generated.Add(next);
            ids.Add(next);
        }
        return generated;
    }

    [Theory]
    [InlineData("qwen2")]
    [InlineData("llama")]
    public void CachedBatchedGreedyDecodingEqualsFullRecomputation(string spec)
    {
        using var dir = new ModelTestFolder();
        new TinyWeights(spec == "qwen2" ? TinySpec.Qwen2 : TinySpec.Llama, seed: 13).WriteFolder(dir.Path);
        using var model = HfCheckpoint.Load(dir.Path);
        int[][] prompts = [[5, 9, 33], [7, 7, 12, 40, 2, 61, 11], [50]];
        // No end-of-sequence id is reachable (an id outside the vocabulary), so every row runs the full budget.
        var result = new BatchGenerator(model, [9999], padId: 0).Generate(prompts, SamplingOptions.GreedyDecoding(10));
        for (int i = 0; i < prompts.Length; i++)
            Assert.Equal(GreedyWithoutCache(model, prompts[i], 10), result.Tokens[i]);
    }
}

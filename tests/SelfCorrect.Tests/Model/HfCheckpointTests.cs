using System.Text.Json;
using SelfCorrect.Model;
using static TorchSharp.torch;

namespace SelfCorrect.Tests.Model;

public class HfCheckpointTests
{
    static readonly int[] Ids = [3, 17, 42, 5, 63, 0, 29, 8];

    static float[,] ModelLogits(CausalLM model, int[] ids)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var logits = model.Forward(tensor(ids.Select(i => (long)i).ToArray(), [1, ids.Length])).squeeze(0).to(float32).cpu();
        var data = logits.data<float>().ToArray();
        var result = new float[ids.Length, logits.shape[1]];
        Buffer.BlockCopy(data, 0, result, 0, data.Length * sizeof(float));
        return result;
    }

    static void AssertMatchesReference(TinyWeights weights, CausalLM model, double tolerance)
    {
        var expected = ReferenceForward.Logits(weights, Ids);
        var actual = ModelLogits(model, Ids);
        double worst = 0;
        for (int t = 0; t < Ids.Length; t++)
            for (int v = 0; v < weights.Spec.Vocab; v++) worst = Math.Max(worst, Math.Abs(expected[t][v] - actual[t, v]));
        Assert.True(worst < tolerance, $"largest logit difference {worst:E2} exceeds {tolerance:E0}");
        Assert.True(expected.SelectMany(r => r).Select(Math.Abs).Max() > 0.1, "the reference logits are degenerate");
    }

    public static TheoryData<string> Specs => new() { "qwen2", "llama" };
    static TinySpec SpecOf(string name) => name == "qwen2" ? TinySpec.Qwen2 : TinySpec.Llama;

    [Theory]
    [MemberData(nameof(Specs))]
    public void LogitsMatchAnIndependentComputation(string spec)
    {
        using var dir = new ModelTestFolder();
        var weights = new TinyWeights(SpecOf(spec), seed: 7);
        weights.WriteFolder(dir.Path);
        using var model = HfCheckpoint.Load(dir.Path);
        AssertMatchesReference(weights, model, 1e-4);
    }

    [Fact]
    public void ConfigFieldsAreReadAsHuggingFaceWritesThem()
    {
        var qwen = ModelConfig.FromJson(TinySpec.Qwen2.ConfigJson());
        Assert.True(qwen.TieWordEmbeddings);
        Assert.True(qwen.QkvBias);
        Assert.Equal(2, qwen.KeyValueHeads);
        Assert.Equal(8, qwen.HeadDim);
        Assert.Equal([0], qwen.EosTokenIds);
        var llama = ModelConfig.FromJson(TinySpec.Llama.ConfigJson());
        Assert.False(llama.TieWordEmbeddings);
        Assert.False(llama.QkvBias);
        Assert.Equal(16, llama.HeadDim);
        Assert.Equal([1, 2], llama.EosTokenIds);
        Assert.Equal("llama3", llama.RopeScaling!.Kind);
        Assert.Equal(16, llama.RopeScaling.OriginalMaxPositionEmbeddings);
    }

    [Theory]
    [InlineData("BF16", "float32")]
    [InlineData("F16", "float32")]
    [InlineData("BF16", "bfloat16")]
    [InlineData("F32", "bfloat16")]
    public void HalfPrecisionFilesLoadIntoTheRequestedDtype(string stored, string dtype)
    {
        using var dir = new ModelTestFolder();
        var weights = new TinyWeights(TinySpec.Llama, seed: 3, dtype: stored == "F16" ? "F16" : "BF16");
        weights.WriteFolder(dir.Path, stored);
        using var model = HfCheckpoint.Load(dir.Path, dtype: HfCheckpoint.ParseDType(dtype));
        Assert.All(model.parameters(), p => Assert.Equal(HfCheckpoint.ParseDType(dtype), p.dtype));
        if (dtype == "float32") AssertMatchesReference(weights, model, 1e-4);
        else
        {
            // bf16 arithmetic: the loaded weights are exact, the forward pass is not.
            var q = model.state_dict()["model.layers.1.self_attn.q_proj.weight"].to(float32).data<float>().ToArray();
            Assert.Equal(weights.Tensors["model.layers.1.self_attn.q_proj.weight"].Data.Select(x => TinyWeights.Exact(x, "BF16")), q);
            AssertMatchesReference(weights, model, 0.1);
        }
    }

    /// <summary>
    /// Loading in one dtype must not depend on what other threads do meanwhile: the type is passed to every module,
    /// not set through torch's process-wide default dtype (which made a parallel float32 load race a bfloat16 one).
    /// </summary>
    [Fact]
    public void LoadsInDifferentDtypesOnParallelThreadsKeepTheirOwnDtype()
    {
        using var dir = new ModelTestFolder();
        new TinyWeights(TinySpec.Qwen2, seed: 5).WriteFolder(dir.Path);
        var defaultBefore = get_default_dtype();
        var wrong = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 24, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            var dtype = i % 2 == 0 ? ScalarType.BFloat16 : ScalarType.Float32;
            using var model = HfCheckpoint.Load(dir.Path, dtype: dtype);
            foreach (var (name, p) in model.named_parameters())
                if (p.dtype != dtype) wrong.Add($"{name}: {p.dtype} instead of {dtype}");
        });
        Assert.Empty(wrong);
        Assert.Equal(defaultBefore, get_default_dtype());
    }

    [Fact]
    public void ShardedCheckpointsLoadThroughTheIndex()
    {
        using var dir = new ModelTestFolder();
        var weights = new TinyWeights(TinySpec.Qwen2, seed: 11);
        weights.WriteFolder(dir.Path, shards: 3);
        using var model = HfCheckpoint.Load(dir.Path);
        AssertMatchesReference(weights, model, 1e-4);
    }

    [Fact]
    public void ATiedCheckpointMayCarryAnLmHeadWhichIsIgnored()
    {
        using var dir = new ModelTestFolder();
        var weights = new TinyWeights(TinySpec.Qwen2, seed: 5);
        weights.Tensors["lm_head.weight"] = weights.Tensors["model.embed_tokens.weight"];
        weights.WriteFolder(dir.Path);
        using var model = HfCheckpoint.Load(dir.Path);
        AssertMatchesReference(weights, model, 1e-4);
    }

    [Theory]
    [InlineData("lm_head.weight", "missing tensor 'lm_head.weight'")]
    [InlineData("model.layers.1.mlp.up_proj.weight", "missing tensor 'model.layers.1.mlp.up_proj.weight'")]
    public void AMissingTensorIsNamed(string left, string message)
    {
        using var dir = new ModelTestFolder();
        new TinyWeights(TinySpec.Llama, seed: 1).WriteFolder(dir.Path, include: n => n != left);
        var e = Assert.Throws<InvalidDataException>(() => HfCheckpoint.Load(dir.Path));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void AnExtraOrMisshapedTensorIsNamed()
    {
        using var dir = new ModelTestFolder();
        var weights = new TinyWeights(TinySpec.Llama, seed: 1);
        weights.Tensors["model.layers.0.self_attn.extra.weight"] = ([2, 2], new float[4]);
        weights.WriteFolder(dir.Sub("extra"));
        Assert.Contains("unexpected tensor 'model.layers.0.self_attn.extra.weight'",
            Assert.Throws<InvalidDataException>(() => HfCheckpoint.Load(dir.Sub("extra"))).Message);

        weights.Tensors.Remove("model.layers.0.self_attn.extra.weight");
        weights.Tensors["model.norm.weight"] = ([31], new float[31]);
        weights.WriteFolder(dir.Sub("shape"));
        Assert.Contains("tensor 'model.norm.weight' has shape [31], the model expects [32]",
            Assert.Throws<InvalidDataException>(() => HfCheckpoint.Load(dir.Sub("shape"))).Message);
    }

    [Fact]
    public void BadFoldersAreOneLineUserErrors()
    {
        using var dir = new ModelTestFolder();
        Assert.Contains("does not exist", Assert.Throws<UserError>(() => HfCheckpoint.Load(dir.Sub("none"))).Message);

        new TinyWeights(TinySpec.Qwen2, seed: 1).WriteFolder(dir.Sub("arch"));
        File.WriteAllText(Path.Combine(dir.Sub("arch"), "config.json"), TinySpec.Qwen2.ConfigJson().Replace("Qwen2ForCausalLM", "MistralForCausalLM"));
        Assert.Contains("unsupported architecture 'MistralForCausalLM'", Assert.Throws<UserError>(() => HfCheckpoint.Load(dir.Sub("arch"))).Message);

        new TinyWeights(TinySpec.Qwen2, seed: 1).WriteFolder(dir.Sub("noweights"));
        File.Delete(Path.Combine(dir.Sub("noweights"), "model.safetensors"));
        Assert.Contains("has neither model.safetensors", Assert.Throws<UserError>(() => HfCheckpoint.Load(dir.Sub("noweights"))).Message);

        new TinyWeights(TinySpec.Qwen2, seed: 1).WriteFolder(dir.Sub("shard"), shards: 2);
        File.Delete(Path.Combine(dir.Sub("shard"), "model-00002-of-00002.safetensors"));
        Assert.Contains("model-00002-of-00002.safetensors, which is missing", Assert.Throws<UserError>(() => HfCheckpoint.Load(dir.Sub("shard"))).Message);

        Assert.Contains("unknown dtype", Assert.Throws<UserError>(() => HfCheckpoint.ParseDType("int8")).Message);
        if (!cuda.is_available())
            Assert.Contains("CUDA is not available", Assert.Throws<UserError>(() => HfCheckpoint.ParseDevice("cuda")).Message);
        Assert.Contains("unknown device", Assert.Throws<UserError>(() => HfCheckpoint.ParseDevice("tpu")).Message);
    }

    [Theory]
    [InlineData("qwen2", "float32", 1L << 40)]
    [InlineData("llama", "float32", 20_000)]
    [InlineData("llama", "bfloat16", 10_000)]
    public void SaveThenLoadIsBitExact(string spec, string dtype, long maxShardBytes)
    {
        using var dir = new ModelTestFolder();
        new TinyWeights(SpecOf(spec), seed: 9).WriteFolder(dir.Sub("in"));
        using var model = HfCheckpoint.Load(dir.Sub("in"), dtype: HfCheckpoint.ParseDType(dtype));
        HfCheckpoint.Save(dir.Sub("out"), model, maxShardBytes);
        bool sharded = File.Exists(Path.Combine(dir.Sub("out"), HfCheckpoint.IndexFile));
        Assert.Equal(maxShardBytes < 1_000_000, sharded);
        Assert.Equal(!sharded, File.Exists(Path.Combine(dir.Sub("out"), HfCheckpoint.WeightsFile)));

        using var again = HfCheckpoint.Load(dir.Sub("out"), dtype: HfCheckpoint.ParseDType(dtype));
        var a = model.state_dict();
        var b = again.state_dict();
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        foreach (var (name, t) in a) Assert.True(t.bytes.SequenceEqual(b[name].bytes), name);
        Assert.Equal(dtype, ModelConfig.Load(Path.Combine(dir.Sub("out"), "config.json")).TorchDtype);
    }

    [Fact]
    public void SavedFilesFollowTheSafetensorsLayout()
    {
        using var dir = new ModelTestFolder();
        new TinyWeights(TinySpec.Qwen2, seed: 2).WriteFolder(dir.Sub("in"));
        using var model = HfCheckpoint.Load(dir.Sub("in"));
        HfCheckpoint.Save(dir.Sub("out"), model, maxShardBytes: 30_000);
        using var index = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Sub("out"), HfCheckpoint.IndexFile)));
        var map = index.RootElement.GetProperty("weight_map");
        long total = 0;
        foreach (var file in map.EnumerateObject().Select(p => p.Value.GetString()!).Distinct())
        {
            var bytes = File.ReadAllBytes(Path.Combine(dir.Sub("out"), file));
            long headerLength = BitConverter.ToInt64(bytes, 0);
            Assert.Equal(0, (8 + headerLength) % 8);
            using var header = JsonDocument.Parse(bytes.AsMemory(8, (int)headerLength));
            Assert.Equal("pt", header.RootElement.GetProperty("__metadata__").GetProperty("format").GetString());
            // Tensors are packed back to back and fill the data section exactly, as the reference reader demands.
            var spans = header.RootElement.EnumerateObject().Where(p => p.Name != "__metadata__")
                .Select(p => p.Value.GetProperty("data_offsets").EnumerateArray().Select(x => x.GetInt64()).ToArray()).OrderBy(o => o[0]).ToList();
            Assert.Equal(0, spans[0][0]);
            for (int i = 1; i < spans.Count; i++) Assert.Equal(spans[i - 1][1], spans[i][0]);
            Assert.Equal(bytes.Length - 8 - headerLength, spans[^1][1]);
            total += spans[^1][1];
        }
        Assert.Equal(total, index.RootElement.GetProperty("metadata").GetProperty("total_size").GetInt64());
        Assert.Equal(model.BaseStateDict().Count(), map.EnumerateObject().Count());
    }
}

using System.Text.Json;
using SelfCorrect.Model;
using SelfCorrect.Text;
using SelfCorrect.Training;
using static TorchSharp.torch;

namespace SelfCorrect.Tests.Model;

public class LoraTests
{
    static readonly long[] Ids = [3, 17, 42, 5, 63, 0, 29, 8];
    static readonly LoraConfig Config = new() { Rank = 4, Alpha = 8, Dropout = 0.1, BaseModelNameOrPath = "tiny-llama" };

    static CausalLM LoadTiny(ModelTestFolder dir, TinySpec spec)
    {
        if (!File.Exists(Path.Combine(dir.Sub("base"), "config.json"))) new TinyWeights(spec, seed: 21).WriteFolder(dir.Sub("base"));
        return HfCheckpoint.Load(dir.Sub("base"));
    }

    static Tensor Logits(CausalLM model)
    {
        using var noGrad = no_grad();
        return model.Forward(tensor(Ids, [1, Ids.Length]));
    }

    static void Train(CausalLM model, int steps)
    {
        manual_seed(5);
        var trainer = new SupervisedTrainer(model, new OptimConfig { LearningRate = 1e-2, WeightDecay = 0.1 }, padId: 0);
        var episode = new EpisodeTokens([.. Ids.Select(i => (int)i)], [0, 0, 0, 1, 1, 1, 1, 1]);
        for (int i = 0; i < steps; i++) trainer.Step([episode, episode], 1e-2);
        model.eval();
    }

    /// <summary>Bit-for-bit equality.</summary>
    static bool Same(Tensor a, Tensor b) => a.dtype == b.dtype && a.shape.SequenceEqual(b.shape) && a.cpu().bytes.SequenceEqual(b.cpu().bytes);

    static Dictionary<string, Tensor> Snapshot(CausalLM model) => model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());

    [Fact]
    public void FreshAdaptersLeaveTheModelUnchangedAndFreezeTheBase()
    {
        using var dir = new ModelTestFolder();
        using var model = LoadTiny(dir, TinySpec.Llama);
        using var before = Logits(model);
        manual_seed(1);
        int adapted = Lora.Apply(model, Config);
        Assert.Equal(2 * 7, adapted);
        using var after = Logits(model);
        Assert.True(Same(before, after));
        var trainable = model.named_parameters().Where(p => p.parameter.requires_grad).Select(p => p.name).ToList();
        Assert.Equal(2 * 2 * 7, trainable.Count);
        Assert.All(trainable, n => Assert.True(Lora.IsAdapterKey(n), n));
        var a = model.state_dict()["model.layers.0.self_attn.q_proj.lora_A.weight"];
        var b = model.state_dict()["model.layers.0.mlp.down_proj.lora_B.weight"];
        Assert.Equal([4L, 32], a.shape);
        Assert.Equal([32L, 4], b.shape);
        Assert.Equal(0, b.abs().sum().item<float>());
        Assert.True(a.abs().sum().item<float>() > 0);
    }

    [Fact]
    public void SupervisedStepsChangeOnlyTheAdaptersAndDisablingThemGivesTheBase()
    {
        using var dir = new ModelTestFolder();
        using var model = LoadTiny(dir, TinySpec.Qwen2);
        using var baseLogits = Logits(model);
        manual_seed(2);
        Lora.Apply(model, Config with { TargetModules = ["q_proj", "v_proj", "down_proj"] });
        var before = Snapshot(model);
        Train(model, steps: 3);

        Assert.All(model.state_dict().Where(kv => !Lora.IsAdapterKey(kv.Key)), kv => Assert.True(Same(kv.Value, before[kv.Key]), kv.Key));
        Assert.All(model.state_dict().Where(kv => kv.Key.Contains(".lora_B.", StringComparison.Ordinal)), kv => Assert.False(Same(kv.Value, before[kv.Key]), kv.Key));

        using var tuned = Logits(model);
        Assert.False(tuned.allclose(baseLogits, rtol: 0, atol: 1e-4));
        using (model.AdaptersDisabled())
        {
            using (model.AdaptersDisabled()) { }
            using var reference = Logits(model);
            Assert.True(Same(reference, baseLogits));
        }
        using var again = Logits(model);
        Assert.True(Same(again, tuned));
        foreach (var t in before.Values) t.Dispose();
    }

    [Fact]
    public void SaveLoadAndMergeRoundTrip()
    {
        using var dir = new ModelTestFolder();
        using var model = LoadTiny(dir, TinySpec.Llama);
        manual_seed(3);
        Lora.Apply(model, Config);
        Train(model, steps: 2);
        using var tuned = Logits(model);
        Lora.Save(dir.Sub("adapter"), model);

        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Sub("adapter"), Lora.ConfigFile)));
        var root = config.RootElement;
        Assert.Equal("LORA", root.GetProperty("peft_type").GetString());
        Assert.Equal("CAUSAL_LM", root.GetProperty("task_type").GetString());
        Assert.Equal("none", root.GetProperty("bias").GetString());
        Assert.Equal(4, root.GetProperty("r").GetInt32());
        Assert.Equal(8, root.GetProperty("lora_alpha").GetDouble());
        Assert.Equal(0.1, root.GetProperty("lora_dropout").GetDouble());
        Assert.Equal("tiny-llama", root.GetProperty("base_model_name_or_path").GetString());
        Assert.Equal(LoraConfig.DefaultTargets, root.GetProperty("target_modules").EnumerateArray().Select(e => e.GetString()));
        var keys = SafeTensors.ReadHeader(Path.Combine(dir.Sub("adapter"), Lora.WeightsFile)).Tensors.Select(t => t.Name).ToList();
        Assert.Contains("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight", keys);
        Assert.Contains("base_model.model.model.layers.1.mlp.gate_proj.lora_B.weight", keys);
        Assert.Equal(2 * 2 * 7, keys.Count);

        using var reloaded = LoadTiny(dir, TinySpec.Llama);
        var loadedConfig = Lora.Load(dir.Sub("adapter"), reloaded);
        Assert.Equal(Config.Rank, loadedConfig.Rank);
        using var reloadedLogits = Logits(reloaded);
        Assert.True(Same(reloadedLogits, tuned));

        Lora.Merge(reloaded);
        Assert.Null(reloaded.Adapters);
        Assert.DoesNotContain(reloaded.state_dict().Keys, Lora.IsAdapterKey);
        using var merged = Logits(reloaded);
        Assert.True(merged.allclose(tuned, rtol: 0, atol: 1e-5));

        HfCheckpoint.Save(dir.Sub("merged"), reloaded);
        using var fromDisk = HfCheckpoint.Load(dir.Sub("merged"));
        using var fromDiskLogits = Logits(fromDisk);
        Assert.True(Same(fromDiskLogits, merged));
    }

    [Fact]
    public void AdapterConfigsPeftWritesAreReadAndUnsupportedOnesNamed()
    {
        var peft = """
            {"alpha_pattern": {}, "auto_mapping": null, "base_model_name_or_path": "Qwen/Qwen2.5-0.5B-Instruct", "bias": "none",
             "fan_in_fan_out": false, "inference_mode": true, "init_lora_weights": true, "layers_pattern": null, "layers_to_transform": null,
             "lora_alpha": 32, "lora_dropout": 0.05, "modules_to_save": null, "peft_type": "LORA", "r": 16, "rank_pattern": {},
             "revision": null, "target_modules": ["v_proj", "q_proj"], "task_type": "CAUSAL_LM", "use_dora": false, "use_rslora": false}
            """;
        var c = LoraConfig.FromPeftJson(peft, "adapter_config.json");
        Assert.Equal(16, c.Rank);
        Assert.Equal(2.0, c.Scale);
        Assert.True(c.Targets("model.layers.3.self_attn.q_proj"));
        Assert.False(c.Targets("model.layers.3.mlp.up_proj"));
        Assert.Contains("use_dora", Assert.Throws<UserError>(() => LoraConfig.FromPeftJson(peft.Replace("\"use_dora\": false", "\"use_dora\": true"), "x")).Message);
        Assert.Contains("bias 'all'", Assert.Throws<UserError>(() => LoraConfig.FromPeftJson(peft.Replace("\"bias\": \"none\"", "\"bias\": \"all\""), "x")).Message);
        Assert.Contains("not valid JSON", Assert.Throws<UserError>(() => LoraConfig.FromPeftJson("{", "x")).Message);
        var regex = LoraConfig.FromPeftJson(peft.Replace("[\"v_proj\", \"q_proj\"]", "\".*\\\\.(q|v)_proj\""), "x");
        Assert.True(regex.Targets("model.layers.0.self_attn.v_proj"));
        Assert.False(regex.Targets("model.layers.0.self_attn.k_proj"));
    }
}

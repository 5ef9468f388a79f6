using System.Text.Json;
using SelfCorrect.Generation;
using SelfCorrect.Model;
using SelfCorrect.Tasks;
using SelfCorrect.Tests.Cli;
using SelfCorrect.Tests.Cli.Commands;
using SelfCorrect.Tests.Model;
using SelfCorrect.Training;
using static TorchSharp.torch;

namespace SelfCorrect.Tests.Training;

public class HfRunTests
{
    static Problem P(string id, string prompt) => new(id, prompt, "1");

    [Fact]
    public void TheHeldOutSliceIsDisjointByPromptAndIndependentOfFileOrder()
    {
        var problems = Enumerable.Range(0, 40).Select(i => P($"p{i}", $"question {i % 35}")).ToList();
        var (train, heldOut) = HfRun.HeldOut(problems);
        Assert.Equal(3, heldOut.Count);                                   // 10% of 35 distinct prompts
        Assert.Empty(train.Select(p => p.Prompt).Intersect(heldOut.Select(p => p.Prompt)));
        Assert.Equal(40, train.Count + problems.Count(p => heldOut.Any(h => h.Prompt == p.Prompt)));
        var (_, reversed) = HfRun.HeldOut(Enumerable.Reverse(problems).ToList());
        Assert.Equal(heldOut.Select(p => p.Prompt).Order(), reversed.Select(p => p.Prompt).Order());
        Assert.Equal(50, HfRun.HeldOut(Enumerable.Range(0, 2000).Select(i => P($"{i}", $"q{i}")).ToList()).HeldOut.Count);
        Assert.Equal(7, HfRun.HeldOut(problems, 7).HeldOut.Count);
        Assert.Contains("leaves nothing to train on", Assert.Throws<UserError>(() => HfRun.HeldOut(problems, 35)).Message);
        Assert.Contains("at least 2", Assert.Throws<UserError>(() => HfRun.HeldOut([P("a", "same"), P("b", "same")])).Message);
    }

    [Fact]
    public void TheAdapterReferenceIsTheBaseModel()
    {
        using var dir = new ModelTestFolder();
        new TinyWeights(TinySpec.Qwen2, seed: 4).WriteFolder(dir.Sub("base"));
        using var model = HfCheckpoint.Load(dir.Sub("base"));
        var ids = tensor(new long[] { 1, 5, 9, 33, 2, 7, 12, 40 }, [2, 4]);
        using var expected = LogProbs.OfSequences(model, ids);
        manual_seed(1);
        Lora.Apply(model, new LoraConfig { Rank = 2, Alpha = 4 });
        using (no_grad()) foreach (var (name, p) in model.named_parameters().Where(p => p.name.Contains(".lora_B."))) p.fill_(0.5f);
        using var adapted = LogProbs.OfSequences(model, ids);
        Assert.False(adapted.allclose(expected, rtol: 0, atol: 1e-4));
        using var reference = new AdapterReference(model).SequenceLogProbs(ids);
        Assert.True(reference.allclose(expected, rtol: 0, atol: 1e-6));
        Assert.False(reference.requires_grad);
        using var after = LogProbs.OfSequences(model, ids);
        Assert.True(after.allclose(adapted, rtol: 0, atol: 0));       // adapters are back on
    }

    [Fact]
    public void FullFineTuningSavesAHuggingFaceCheckpointWithTheTokenizer()
    {
        using var dir = new ModelTestFolder();
        TinyChatModel.Write(dir.Sub("base"));
        var data = dir.Sub("g.jsonl");
        File.WriteAllLines(data, ["{\"prompt\": \"1+1\", \"answer\": \"2\"}", "{\"prompt\": \"2+1\", \"answer\": \"3\"}", "not json"]);
        var options = new HfRunOptions { ModelDir = dir.Sub("base"), Task = "generic", DataPath = data, SkipBadLines = true, MaxNewTokens = 3 };
        var cfg = new RlConfig { Method = Method.SingleTurnRl, Stage1Steps = 1, Stage2Steps = 0, PromptsPerStep = 1, SamplesPerPrompt = 2 };

        var result = HfRun.Run(options, cfg, dir.Sub("run"));

        Assert.Equal((1, 1, 1), (result.TrainProblems, result.HeldOutProblems, result.SkippedLines));
        Assert.Single(result.History.Steps);
        var final = Path.Combine(dir.Sub("run"), "final");
        foreach (var f in new[] { "config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json" }) Assert.True(File.Exists(Path.Combine(final, f)), f);
        Assert.False(File.Exists(Path.Combine(final, Lora.ConfigFile)));
        using var reloaded = HfCheckpoint.Load(final);
        Assert.Null(reloaded.Adapters);
        var state = JsonSerializer.Deserialize<TrainerState>(File.ReadAllText(Path.Combine(dir.Sub("run"), "last", MethodRun.StateFile)))!;
        Assert.Equal((1, "singleturn-rl"), (state.Step, state.Method));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TheOptimizerStartsAfreshWhenTheStageChanges(bool reset)
    {
        using var dir = new ModelTestFolder();
        TinyChatModel.Write(dir.Sub("base"));
        var data = dir.Sub("g.jsonl");
        File.WriteAllLines(data, ["{\"prompt\": \"1+1\", \"answer\": \"2\"}", "{\"prompt\": \"2+1\", \"answer\": \"3\"}"]);
        var options = new HfRunOptions { ModelDir = dir.Sub("base"), Task = "generic", DataPath = data, MaxNewTokens = 3 };
        var cfg = new RlConfig { Method = Method.Score, Schedule = "1:2,2:1,1:1", PromptsPerStep = 1, SamplesPerPrompt = 2, ResetOptimizerAtStageChange = reset };

        var steps = HfRun.Run(options, cfg, dir.Sub("run")).History.Steps;

        Assert.Equal(reset ? new double[] { 0, 0, 1, 1 } : [0, 0, 0, 0], steps.Select(m => m["optimizer_reset"]));
    }

    [Theory]
    [InlineData("--lora-rank needs --model-dir", "train", "--checkpoint", "/tmp", "--lora-rank", "4")]
    [InlineData("--merge needs LoRA", "train", "--model-dir", "/tmp", "--task", "math", "--data", "/tmp/x.jsonl", "--merge")]
    [InlineData("--task is required with --model-dir", "train", "--model-dir", "/tmp")]
    [InlineData("not both", "train", "--model-dir", "/tmp", "--checkpoint", "/tmp")]
    [InlineData("need --lora-rank", "train", "--model-dir", "/tmp", "--task", "math", "--data", "/tmp/x.jsonl", "--lora-alpha", "3")]
    [InlineData("unknown task 'poetry'", "pretrain", "--task", "poetry", "--out", "/tmp/sc-never-written")]
    [InlineData("--difficulty is for the arithmetic task", "pretrain", "--task", "code", "--difficulty", "2", "--out", "/tmp/sc-never-written")]
    public void BadTrainingInputIsOneLine(string fragment, params string[] args)
    {
        var r = CliRunner.Run(args);
        Assert.Equal(2, r.ExitCode);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains(fragment, lines[0]);
        Assert.False(Directory.Exists("/tmp/sc-never-written"));
    }
}

using System.Text.Json;
using SelfCorrect.Data;
using SelfCorrect.Model;
using SelfCorrect.Tasks.Mathematics;
using SelfCorrect.Tests.Cli.Commands;
using SelfCorrect.Tests.Model;
using SelfCorrect.Text;
using SelfCorrect.Training;
using static TorchSharp.torch;

namespace SelfCorrect.Tests.Cli;

/// <summary>A tiny random Hugging Face model through train --method score with LoRA on a small math file, then eval
/// with the saved adapter, which loads again and reproduces the trained (merged) model.</summary>
public class HfTrainCliTests
{
    static readonly long[] Probe = [258, 117, 115, 101, 114, 10, 50, 43, 50, 259, 10, 258, 97, 115];

    static List<JsonElement> Lines(string path) => File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement).ToList();

    static Tensor Logits(CausalLM model)
    {
        using var noGrad = no_grad();
        return model.Forward(tensor(Probe, [1, Probe.Length]));
    }

    /// <summary>The random model, fine-tuned for a few steps to answer \boxed{4} or \boxed{5} at random, so that sampled
    /// rewards differ within a prompt and the policy gradient is not zero.</summary>
    static void WriteGuessingModel(ModelTestFolder dir, string data)
    {
        TinyChatModel.Write(dir.Sub("random"));
        var tokenizer = HfTokenizer.FromDirectory(dir.Sub("random"));
        var format = new ChatEpisodeFormat(tokenizer);
        var problems = DatasetLoader.Load("math", data).Problems;
        using var model = HfCheckpoint.Load(dir.Sub("random"));
        manual_seed(3);
        var trainer = new SupervisedTrainer(model, new OptimConfig { LearningRate = 3e-2, WarmupSteps = 1 }, tokenizer.PadId);
        var rng = new Random(3);
        IReadOnlyList<int> Guess() => [.. tokenizer.Encode(rng.Next(2) == 0 ? "\\boxed{4}" : "\\boxed{5}"), format.EndOfTurn];
        for (int step = 0; step < 8; step++)
            trainer.Step(problems.Select(p => EpisodeTokens.Build(format, p.Prompt, PromptConfig.Default.CorrectionTurn, [Guess()])).ToList(), 3e-2);
        model.eval();
        HfCheckpoint.Save(dir.Sub("base"), model, copyFilesFrom: dir.Sub("random"));
    }

    [Fact]
    public void ScoreWithLoraTrainsEvaluatesAndSavesAnAdapterThatLoadsAgain()
    {
        using var dir = new ModelTestFolder();
        var data = dir.Sub("math.jsonl");
        File.WriteAllLines(data, new[] { "2+2", "1+3", "9-5", "8/2", "2*2" }.Select(q =>
            JsonSerializer.Serialize(new { problem = $"What is {q}?", solution = "It is $\\boxed{4}$." })));
        WriteGuessingModel(dir, data);
        string run = dir.Sub("run"), json = dir.Sub("eval.json");

        var train = CliRunner.Run("train", "--method", "score", "--model-dir", dir.Sub("base"), "--task", "math", "--data", data,
            "--lora-rank", "4", "--lora-alpha", "8", "--stage1-steps", "1", "--stage2-steps", "1", "--prompts", "2", "--samples", "2",
            "--max-new-tokens", "12", "--lr", "0.02", "--merge", "--out", run);
        Assert.True(train.ExitCode == 0, train.Stderr);

        var rows = Lines(Path.Combine(run, "metrics.jsonl"));
        var steps = rows.Where(r => r.GetProperty("phase").GetString() == "train").ToList();
        Assert.Equal(2, steps.Count);
        foreach (var key in new[] { "reward_t1", "reward_t2", "kl_t1", "kl_t2" })
            Assert.All(steps, s => Assert.Equal(JsonValueKind.Number, s.GetProperty(key).ValueKind));
        Assert.Contains(steps, s => s.GetProperty("grad_norm").GetDouble() > 0);
        var runInfo = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "run.json"))).RootElement;
        Assert.Equal(1, runInfo.GetProperty("held_out_ids").GetArrayLength());
        Assert.Equal(4, runInfo.GetProperty("train_problems").GetInt32());
        var final = Path.Combine(run, "final");
        Assert.True(File.Exists(Path.Combine(final, Lora.ConfigFile)));
        Assert.True(File.Exists(Path.Combine(final, Lora.WeightsFile)));
        Assert.False(File.Exists(Path.Combine(final, "model.safetensors")));

        var eval = CliRunner.Run("eval", "--model-dir", dir.Sub("base"), "--lora", final, "--task", "math", "--data", data,
            "--max-new-tokens", "12", "--json", json);
        Assert.True(eval.ExitCode == 0, eval.Stderr);
        var m = JsonDocument.Parse(File.ReadAllText(json)).RootElement;
        Assert.Equal(5, m.GetProperty("n").GetInt32());
        Assert.Equal(2, m.GetProperty("accuracy").GetArrayLength());
        foreach (var key in new[] { "delta", "delta_i_to_c", "delta_c_to_i", "edit_ratio" }) Assert.Equal(JsonValueKind.Number, m.GetProperty(key).ValueKind);

        using var baseModel = HfCheckpoint.Load(dir.Sub("base"));
        using var fresh = HfCheckpoint.Load(dir.Sub("base"));
        var config = Lora.Load(final, fresh);
        Assert.Equal((4, 8.0), (config.Rank, config.Alpha));
        using var merged = HfCheckpoint.Load(Path.Combine(run, HfRun.MergedDir));
        Assert.True(File.Exists(Path.Combine(run, HfRun.MergedDir, "tokenizer.json")));
        using var trained = Logits(merged);
        using var reloaded = Logits(fresh);
        using var original = Logits(baseModel);
        Assert.True(reloaded.allclose(trained, rtol: 0, atol: 1e-4), $"max difference {(reloaded - trained).abs().max().item<float>()}");
        Assert.False(reloaded.allclose(original, rtol: 0, atol: 1e-4), "training left the adapter at zero");
    }
}

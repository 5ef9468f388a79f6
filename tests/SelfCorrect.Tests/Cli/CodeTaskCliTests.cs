using System.Text.Json;

namespace SelfCorrect.Tests.Cli;

/// <summary>The built-in code task end to end: pretrain --task code, train --method score, eval, as separate processes.</summary>
public class CodeTaskCliTests
{
    static List<JsonElement> Lines(string path) => File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement).ToList();

    [Fact]
    public void PretrainTrainAndEvalRunOnTheCodeTask()
    {
        var dir = CliRunner.TempDir("code");
        try
        {
            string baseDir = Path.Combine(dir, "base"), run = Path.Combine(dir, "run"), json = Path.Combine(dir, "eval.json"), verdicts = Path.Combine(dir, "v.jsonl");
            var pre = CliRunner.Run("pretrain", "--task", "code", "--out", baseDir, "--steps", "3", "--batch-size", "8", "--hidden", "32", "--layers", "1", "--seed", "2");
            Assert.True(pre.ExitCode == 0, pre.Stderr);
            var info = JsonDocument.Parse(File.ReadAllText(Path.Combine(baseDir, "selfcorrect.json"))).RootElement;
            Assert.Equal("code", info.GetProperty("task").GetString());
            Assert.Equal("# Fix it if wrong:", info.GetProperty("code").GetProperty("Instruction").GetString());

            var train = CliRunner.Run("train", "--checkpoint", baseDir, "--task", "code", "--method", "score", "--stage1-steps", "1", "--stage2-steps", "1",
                "--prompts", "2", "--samples", "2", "--eval-problems", "3", "--out", run);
            Assert.True(train.ExitCode == 0, train.Stderr);
            var rows = Lines(Path.Combine(run, "metrics.jsonl"));
            var steps = rows.Where(r => r.GetProperty("phase").GetString() == "train").ToList();
            Assert.Equal(2, steps.Count);
            foreach (var key in new[] { "reward_t1", "reward_t2", "kl_t1", "kl_t2", "flip_i_to_c" })
                Assert.All(steps, s => Assert.Equal(JsonValueKind.Number, s.GetProperty(key).ValueKind));
            Assert.Contains(rows, r => r.GetProperty("phase").GetString() == "heldout" && r.GetProperty("step").GetInt32() == 2);
            var final = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "final", "selfcorrect.json"))).RootElement;
            Assert.Equal(("code", "score", 2), (final.GetProperty("task").GetString(), final.GetProperty("made_by").GetString(), final.GetProperty("step").GetInt32()));

            var eval = CliRunner.Run("eval", "--checkpoint", Path.Combine(run, "final"), "--task", "code", "--n", "10", "--json", json, "--verdicts", verdicts);
            Assert.True(eval.ExitCode == 0, eval.Stderr);
            var m = JsonDocument.Parse(File.ReadAllText(json)).RootElement;
            Assert.Equal(10, m.GetProperty("n").GetInt32());
            Assert.Equal(2, m.GetProperty("accuracy").GetArrayLength());
            foreach (var key in new[] { "delta", "delta_i_to_c", "delta_c_to_i", "edit_ratio" }) Assert.Equal(JsonValueKind.Number, m.GetProperty(key).ValueKind);
            var v = Lines(verdicts);
            Assert.Equal(10, v.Count);
            Assert.All(v, line => Assert.StartsWith("tiny/", line.GetProperty("id").GetString()));

            var wrongTask = CliRunner.Run("eval", "--checkpoint", baseDir, "--task", "arithmetic", "--n", "2");
            Assert.Equal(2, wrongTask.ExitCode);
            Assert.Contains("trained on the code task", wrongTask.Stderr);
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }
}

using System.Text.Json;

namespace SelfCorrect.Tests.Cli;

public class PretrainEvalCliTests
{
    [Fact]
    public void PretrainThenEvalWritesTheMetricsJsonDeterministically()
    {
        var dir = CliRunner.TempDir("pe");
        try
        {
            var ckpt = Path.Combine(dir, "base");
            var pre = CliRunner.Run("pretrain", "--out", ckpt, "--steps", "30", "--seed", "3");
            Assert.True(pre.ExitCode == 0, pre.Stderr);
            Assert.True(File.Exists(Path.Combine(ckpt, "model.safetensors")));
            Assert.True(File.Exists(ckpt + ".log.jsonl"));

            string[] Eval(string json) => ["eval", "--checkpoint", ckpt, "--task", "arithmetic", "--attempts", "2", "--n", "60", "--seed", "5", "--json", json, "--temperature", "1.0"];
            var a = CliRunner.Run(Eval(Path.Combine(dir, "a.json")));
            var b = CliRunner.Run(Eval(Path.Combine(dir, "b.json")));
            Assert.True(a.ExitCode == 0, a.Stderr);
            Assert.Contains("Accuracy@t1", a.Stdout);
            var ja = File.ReadAllText(Path.Combine(dir, "a.json"));
            Assert.Equal(ja, File.ReadAllText(Path.Combine(dir, "b.json")));

            using var doc = JsonDocument.Parse(ja);
            var root = doc.RootElement;
            Assert.Equal(60, root.GetProperty("n").GetInt32());
            var acc = root.GetProperty("accuracy").EnumerateArray().Select(x => x.GetDouble()).ToArray();
            Assert.Equal(2, acc.Length);
            double delta = root.GetProperty("delta").GetDouble();
            Assert.Equal(acc[1] - acc[0], delta, 9);
            Assert.Equal(root.GetProperty("delta_i_to_c").GetDouble() - root.GetProperty("delta_c_to_i").GetDouble(), delta, 9);
            Assert.True(root.GetProperty("edit_ratio").GetDouble() >= 0);
            foreach (var key in new[] { "accuracy_t1", "accuracy_t2", "delta", "delta_i_to_c", "delta_c_to_i" })
                Assert.Equal(2, root.GetProperty("ci95").GetProperty(key).GetArrayLength());
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    [Theory]
    [InlineData("eval", "--checkpoint", "/nonexistent/selfcorrect-ckpt")]
    [InlineData("eval", "--checkpoint", "/tmp", "--task", "chess")]
    [InlineData("pretrain", "--steps", "0", "--out", "/tmp/sc-never-written")]
    [InlineData("pretrain", "--difficulty", "9", "--out", "/tmp/sc-never-written")]
    [InlineData("train", "--method", "magic")]
    [InlineData("reproduce", "--preset", "huge")]
    public void BadInputGivesOneLineAndNonZeroExit(params string[] args)
    {
        var r = CliRunner.Run(args);
        Assert.NotEqual(0, r.ExitCode);
        var lines = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("error: ", lines[0]);
        Assert.DoesNotContain("   at ", r.Stderr);
        Assert.False(Directory.Exists("/tmp/sc-never-written"));
    }

    [Fact]
    public void CorruptCheckpointIsRejectedWithoutOverwritingTheJson()
    {
        var dir = CliRunner.TempDir("corrupt");
        try
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "selfcorrect.json"), "{ not json");
            var json = Path.Combine(dir, "out.json");
            File.WriteAllText(json, "keep");
            var r = CliRunner.Run("eval", "--checkpoint", dir, "--json", json);
            Assert.Equal(2, r.ExitCode);
            Assert.Contains("corrupt", r.Stderr);
            Assert.Equal("keep", File.ReadAllText(json));
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }
}

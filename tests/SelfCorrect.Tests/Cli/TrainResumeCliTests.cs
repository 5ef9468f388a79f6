using SelfCorrect.Checkpoints;

namespace SelfCorrect.Tests.Cli;

public class TrainResumeCliTests
{
    [Fact]
    public void ResumingFromTheLastCheckpointGivesTheSameModelAsAStraightRun()
    {
        var dir = CliRunner.TempDir("resume");
        try
        {
            var ckpt = Path.Combine(dir, "base");
            var pre = CliRunner.Run("pretrain", "--out", ckpt, "--steps", "20", "--hidden", "32", "--layers", "1", "--seed", "4");
            Assert.True(pre.ExitCode == 0, pre.Stderr);
            var config = Path.Combine(dir, "rl.json");
            File.WriteAllText(config, """{ "CheckpointEvery": 2 }""");
            string[] Train(string outDir, int stage2, bool resume) =>
            [
                "train", "--method", "score", "--checkpoint", ckpt, "--out", outDir, "--config", config,
                "--stage1-steps", "2", "--stage2-steps", stage2.ToString(), "--prompts", "2", "--samples", "2",
                "--eval-every", "2", "--eval-problems", "8", "--seed", "6", .. (resume ? new[] { "--resume" } : []),
            ];
            var straight = CliRunner.Run(Train(Path.Combine(dir, "straight"), 4, false));
            Assert.True(straight.ExitCode == 0, straight.Stderr);
            var first = CliRunner.Run(Train(Path.Combine(dir, "split"), 2, false));
            Assert.True(first.ExitCode == 0, first.Stderr);
            var resumed = CliRunner.Run(Train(Path.Combine(dir, "split"), 4, true));
            Assert.True(resumed.ExitCode == 0, resumed.Stderr);

            var log = File.ReadAllLines(Path.Combine(dir, "split", "metrics.jsonl"));
            var trainRows = log.Where(l => l.Contains("\"phase\":\"train\"")).ToList();
            Assert.Equal(6, trainRows.Count);   // steps 1-4, then 5-6 after resuming: nothing redone
            Assert.Single(trainRows, l => l.Contains("\"step\":1,"));
            Assert.Contains(trainRows, l => l.Contains("\"step\":6,"));
            var a = Checkpoint.LoadModel(Path.Combine(dir, "straight", "final"));
            var b = Checkpoint.LoadModel(Path.Combine(dir, "split", "final"));
            using (a) using (b)
            {
                var sa = a.state_dict();
                var sb = b.state_dict();
                foreach (var (k, v) in sa) Assert.True(v.allclose(sb[k], rtol: 1e-5, atol: 1e-6), $"{k} differs after resume");
            }
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }
}

using System.Text.Json;
using SelfCorrect.Experiments;

namespace SelfCorrect.Tests.Experiments;

public class ReproductionTests
{
    static readonly ReproducePreset Tiny = new("tiny", PretrainSteps: 40, Stage1Steps: 2, Stage2Steps: 2, TestProblems: 60, EvalProblems: 20, EvalEvery: 2,
        Methods: ["base", "self-refine", "star", "pair-sft", "multiturn-rl", "score"]);

    [Fact]
    public void EveryMethodIsEvaluatedOnTheSameTestSetAndTheSameSeedGivesTheSameResults()
    {
        var a = Path.Combine(Path.GetTempPath(), "sc-rep-" + Guid.NewGuid().ToString("N"));
        var b = Path.Combine(Path.GetTempPath(), "sc-rep-" + Guid.NewGuid().ToString("N"));
        try
        {
            var ra = new Reproduction(Tiny, seed: 2, difficulty: 2, a).Run((_, _, _) => { });
            var rb = new Reproduction(Tiny, seed: 2, difficulty: 2, b).Run((_, _, _) => { });
            Assert.Equal(Tiny.Methods, ra.Select(r => r.Name));
            Assert.All(ra, r => Assert.Equal(60, r.Metrics.N));
            Assert.All(ra.Where(r => r.Name is not ("base" or "self-refine")), r => Assert.NotNull(r.History));
            Assert.Equal(JsonSerializer.Serialize(ra.Select(r => r.Metrics)), JsonSerializer.Serialize(rb.Select(r => r.Metrics)));
            Assert.True(File.Exists(Path.Combine(a, "runs", "score", "metrics.jsonl")));
            var lines = File.ReadAllLines(Path.Combine(a, "runs", "score", "metrics.jsonl"));
            Assert.Contains(lines, l => l.Contains("\"stage\":\"ScoreStageOne\""));
            Assert.Contains(lines, l => l.Contains("\"stage\":\"ScoreStageTwo\""));
            Assert.Contains(lines, l => l.Contains("reference_acc_t1"));
        }
        finally
        {
            foreach (var d in new[] { a, b }) if (Directory.Exists(d)) Directory.Delete(d, true);
        }
    }
}

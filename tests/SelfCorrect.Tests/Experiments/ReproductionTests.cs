using System.Text.Json;
using SelfCorrect.Experiments;

namespace SelfCorrect.Tests.Experiments;

[Collection(GlobalTorchRng.Name)]
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

    [Fact]
    public void AStoredBaseIsReusedOnlyWhenItsPretrainingMatches()
    {
        var pretrain = new SelfCorrect.Training.PretrainConfig { Seed = 3, Steps = 1600 };
        var info = new SelfCorrect.Checkpoints.CheckpointInfo
        {
            MadeBy = "pretrain", Seed = 3, Step = 1600, Arithmetic = pretrain.Task, Corpus = pretrain.Corpus, PretrainLearningRate = pretrain.Optim.LearningRate,
        };
        Assert.True(Reproduction.Reusable(info, pretrain));
        Assert.False(Reproduction.Reusable(info with { PretrainLearningRate = 2e-3 }, pretrain));
        Assert.False(Reproduction.Reusable(info with { PretrainLearningRate = null }, pretrain));
        Assert.False(Reproduction.Reusable(info with { Corpus = pretrain.Corpus with { ContinueRate = 0.4 } }, pretrain));
        Assert.False(Reproduction.Reusable(info with { Seed = 4 }, pretrain));
        Assert.False(Reproduction.Reusable(info with { Step = 800 }, pretrain));
        Assert.False(Reproduction.Reusable(info with { MadeBy = "train" }, pretrain));
    }

    [Fact]
    public void DifficultyThreePretrainsHalfAsLongAgain()
    {
        foreach (var name in new[] { "quick", "default", "full" })
        {
            var preset = ReproducePreset.Get(name);
            Assert.Equal(preset.PretrainSteps, preset.PretrainStepsFor(1));
            Assert.Equal(preset.PretrainSteps, preset.PretrainStepsFor(2));
            Assert.Equal(preset.PretrainSteps * 3 / 2, preset.PretrainStepsFor(3));
        }
        Assert.Equal(2400, ReproducePreset.Get("default").PretrainStepsFor(3));
    }

    [Fact]
    public void PresetsInterleaveScoreStagesInTwoRoundsWithTheSameBudget()
    {
        var preset = ReproducePreset.Get("default");
        Assert.Equal("1:30,2:20,1:30,2:20", preset.ScoreSchedule);
        var stages = preset.RlConfigFor(SelfCorrect.Training.Method.Score, seed: 1).Stages();
        Assert.Equal(100, stages.Count);
        Assert.Equal(60, stages.Count(s => s == SelfCorrect.Training.Stage.ScoreStageOne));
        Assert.Equal(3, stages.Zip(stages.Skip(1)).Count(p => p.First != p.Second));
        Assert.Equal(100, preset.RlConfigFor(SelfCorrect.Training.Method.MultiTurnRl, seed: 1).TotalSteps);
        Assert.Equal(stages, preset.RlConfigFor(SelfCorrect.Training.Method.ScoreNoBonus, seed: 1).Stages());
        Assert.All(preset.RlConfigFor(SelfCorrect.Training.Method.ScoreNoStageOne, seed: 1).Stages(), s => Assert.Equal(SelfCorrect.Training.Stage.ScoreStageTwo, s));
    }
}

using SelfCorrect.Tasks.Arithmetic;
using SelfCorrect.Training;

namespace SelfCorrect.Tests.Training;

public class PretrainingTests
{
    [Fact]
    public void LengthBucketsUseEveryConversationOnceAndCutPadding()
    {
        var cfg = new ArithmeticConfig();
        var corpus = new ArithmeticCorpus(cfg).Generate(3, 32 * 40);
        int Length(int i) => corpus[i].Problem.Prompt.Length + corpus[i].Attempts.Sum(a => a.Length + 1);
        var batches = Pretraining.Buckets(corpus.Count, 32, Length, seed: 3);

        Assert.Equal(40, batches.Count);
        Assert.All(batches, b => Assert.Equal(32, b.Length));
        Assert.Equal(Enumerable.Range(0, corpus.Count), batches.SelectMany(b => b).Order());

        double Padding(IEnumerable<int[]> bs) => bs.Sum(b => b.Sum(i => b.Max(Length) - Length(i))) / (double)bs.Sum(b => b.Sum(Length));
        var inOrder = Enumerable.Range(0, 40).Select(b => Enumerable.Range(b * 32, 32).ToArray()).ToList();
        Assert.True(Padding(batches) < Padding(inOrder) / 4, $"bucketed padding {Padding(batches):P1}, in order {Padding(inOrder):P1}");

        Assert.Equal(batches, Pretraining.Buckets(corpus.Count, 32, Length, seed: 3));
        Assert.NotEqual(batches, Pretraining.Buckets(corpus.Count, 32, Length, seed: 4));
    }

    [Fact]
    public void CorpusMixSetsHowOftenUnfinishedAttemptsAreContinued()
    {
        var cfg = new ArithmeticConfig();
        var solver = new ImperfectSolver(cfg);
        double ContinuedShare(double rate)
        {
            var unfinished = new ArithmeticCorpus(cfg, new CorpusMix { ContinueRate = rate }).Generate(5, 4000)
                .Where(c => ((ArithmeticProblem)c.Problem).Terms is var t && solver.StepsThatFit(t) < t.Length - 1).ToList();
            Assert.All(unfinished, c => Assert.Equal(2, c.Attempts.Count));
            return unfinished.Count(c => c.Attempts[1] != c.Attempts[0]) / (double)unfinished.Count;
        }
        Assert.Equal(0, ContinuedShare(0));
        Assert.InRange(ContinuedShare(0.4), 0.35, 0.45);
        Assert.Equal(1, ContinuedShare(1));
    }

    [Fact]
    public void CorpusMixSetsTheShareOfUnfinishedSumsAndHowTheirFirstAttemptsEnd()
    {
        var cfg = new ArithmeticConfig();
        var solver = new ImperfectSolver(cfg);
        bool Unfinished(Conversation c) => ((ArithmeticProblem)c.Problem).Terms is var t && solver.StepsThatFit(t) < t.Length - 1;
        double Share(CorpusMix mix) => new ArithmeticCorpus(cfg, mix).Generate(9, 4000).Count(Unfinished) / 4000.0;
        Assert.InRange(Share(new CorpusMix { UnfinishedShare = null }), 0.17, 0.23);   // as in the task: 1 of 5 term counts
        Assert.InRange(Share(new CorpusMix { UnfinishedShare = 0.4 }), 0.37, 0.43);
        Assert.InRange(Share(new CorpusMix { UnfinishedShare = 0.7 }), 0.67, 0.73);

        var cutOff = new ArithmeticCorpus(cfg, new CorpusMix { StopUnfinishedWithoutAnswer = true }).Generate(9, 2000);
        Assert.Contains(cutOff, Unfinished);
        Assert.All(cutOff.Where(Unfinished), c => Assert.DoesNotContain('.', c.Attempts[0]));        // cut off: no answer
        Assert.All(cutOff.Where(c => !Unfinished(c)), c => Assert.EndsWith(".", c.Attempts[0]));
        Assert.All(cutOff.Where(Unfinished), c => Assert.Equal(0, new ArithmeticVerifier().Check(c.Problem, c.Attempts[0]).Reward));
        var stated = new ArithmeticCorpus(cfg).Generate(9, 2000);                                   // the default: a wrong answer
        Assert.All(stated, c => Assert.EndsWith(".", c.Attempts[0]));
    }

    [Fact]
    public void CorpusMixRejectsRatesOutsideZeroToOne()
    {
        Assert.Throws<UserError>(() => new CorpusMix { FixRate = 1.5 }.Validate());
        Assert.Throws<UserError>(() => new CorpusMix { ContinueRate = -0.1 }.Validate());
        Assert.Throws<UserError>(() => new CorpusMix { UnfinishedShare = 1.2 }.Validate());
    }
}

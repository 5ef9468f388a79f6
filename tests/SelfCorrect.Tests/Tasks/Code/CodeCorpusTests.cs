using SelfCorrect.Tasks;
using SelfCorrect.Tasks.Code;
using SelfCorrect.Text;

namespace SelfCorrect.Tests.Tasks.Code;

public class CodeCorpusTests
{
    [Fact]
    public void TheCharacterAlphabetCoversEveryTextOfTheCodeTask()
    {
        var tokenizer = new CharTokenizer();
        var rng = new Random(3);
        foreach (var p in CodeTask.All())
        {
            foreach (var text in new[] { p.Prompt, p.Answer, CodeTask.SampleWrongSolution(p, rng) })
                Assert.Equal(text, tokenizer.Decode(tokenizer.Encode(text)));
        }
        Assert.Equal(new TinyCodeConfig().Instruction, tokenizer.Decode(tokenizer.Encode(new TinyCodeConfig().Instruction)));
    }

    [Fact]
    public void AnAttemptFitsTheBudgetAndAnEpisodeTheContext()
    {
        var budget = new TinyCodeConfig().AttemptBudget;
        var rng = new Random(4);
        foreach (var p in CodeTask.All())
        {
            int longest = System.Math.Max(p.Answer.Length, CodeTask.SampleWrongSolution(p, rng).Length);
            Assert.True(longest + 1 <= budget, p.Id);
            // <bos><user>x1<assistant>y1<eot><user>p1<assistant>y2<eot> within the built-in model's 256 positions
            Assert.True(2 + p.Prompt.Length + 1 + 2 * budget + 2 + new TinyCodeConfig().Instruction.Length + 1 <= 256, p.Id);
        }
    }

    [Fact]
    public void TheCorpusMixesRightAndWrongProgramsAndMostlyCopiesInRevisions()
    {
        var corpus = new CodeCorpus().Generate(seed: 2, count: 4000);
        Assert.Equal(4000, corpus.Count);
        var train = CodeTask.All().Where(p => CodeTask.SplitOf(p) == Split.Train).Select(p => p.Id).ToHashSet();
        Assert.All(corpus, c => Assert.Contains(c.Problem.Id, train));
        double wrong = corpus.Average(c => c.Attempts[0] == c.Problem.Answer ? 0.0 : 1.0);
        Assert.InRange(wrong, 0.35, 0.45);
        var revisions = corpus.Where(c => c.Attempts.Count == 2).ToList();
        Assert.InRange(revisions.Count / 4000.0, 0.35, 0.45);
        double copies = revisions.Average(c => c.Attempts[1] == c.Attempts[0] ? 1.0 : 0.0);
        Assert.InRange(copies, 0.8, 0.95);
        var fixes = revisions.Count(c => c.Attempts[0] != c.Problem.Answer && c.Attempts[1] == c.Problem.Answer);
        Assert.True(fixes > 0);
        Assert.Equal(corpus.Select(c => string.Concat(c.Attempts)), new CodeCorpus().Generate(2, 4000).Select(c => string.Concat(c.Attempts)));
    }
}

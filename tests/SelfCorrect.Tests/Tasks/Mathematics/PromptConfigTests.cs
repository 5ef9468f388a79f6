using SelfCorrect.Tasks.Mathematics;

namespace SelfCorrect.Tests.Tasks.Math;

public class PromptConfigTests
{
    [Fact]
    public void CorrectionInstructionIsThePapersText()
    {
        Assert.Equal("There might be an error in the solution above because of lack of understanding of the question. "
            + "Please correct the error, if any, and rewrite the solution.", PromptConfig.DefaultCorrectionInstruction);
        Assert.StartsWith(PromptConfig.DefaultCorrectionInstruction + " ", PromptConfig.Default.CorrectionTurn);
        Assert.Contains("Final Answer: The final answer is $answer$. I hope it is correct.", PromptConfig.Default.CorrectionTurn);
    }

    [Fact]
    public void Attempt1PutsTheProblemBeforeTheFormatInstruction()
    {
        var prompt = PromptConfig.Default.Attempt1("Find $x$ if $2x = 6$.");

        Assert.StartsWith("Find $x$ if $2x = 6$.\n\n", prompt);
        Assert.EndsWith("\"Final Answer: The final answer is $answer$. I hope it is correct.\"", prompt);
    }

    [Fact]
    public void EverythingIsReplaceable()
    {
        var config = new PromptConfig("Problem: {problem}\n{format}", "Box it.", "Check again.");

        Assert.Equal("Problem: 1+1\nBox it.", config.Attempt1("1+1"));
        Assert.Equal("Check again. Box it.", config.CorrectionTurn);
        Assert.Equal("Check again.", (config with { FormatInstruction = "" }).CorrectionTurn);
    }

    [Fact]
    public void TemplateWithoutProblemPlaceholderIsAUserError() =>
        Assert.Contains("{problem}", Assert.Throws<UserError>(() => new PromptConfig("Solve it.").Attempt1("1+1")).Message);
}

using SelfCorrect.Text;

namespace SelfCorrect.Tests.Text;

public class ChatFormatterTests
{
    /// <summary>The assistant-masked tokens, run by run, decoded.</summary>
    static List<string> MaskedRuns(HfTokenizer tokenizer, ChatEncoding encoding)
    {
        var runs = new List<string>();
        var current = new List<int>();
        for (int i = 0; i <= encoding.Ids.Count; i++)
        {
            if (i < encoding.Ids.Count && encoding.AssistantMask[i]) { current.Add(encoding.Ids[i]); continue; }
            if (current.Count > 0) runs.Add(tokenizer.Decode(current));
            current.Clear();
        }
        return runs;
    }

    [Theory]
    [InlineData("qwen3", "<|im_end|>")]
    [InlineData("llama3", "<|eot_id|>")]
    public void EncodeWithMask_MarksAssistantContentAndTheTurnEnd(string model, string endOfTurn)
    {
        var tokenizer = ReferenceFixtures.Tokenizer(model);
        var formatter = new ChatFormatter(tokenizer);
        var messages = ChatConversations.TwoAttempts(withSystem: true);

        var encoding = formatter.EncodeWithMask(messages);

        Assert.Equal(tokenizer.Encode(formatter.Render(messages, addGenerationPrompt: false)), encoding.Ids);
        Assert.Equal(encoding.Ids.Count, encoding.AssistantMask.Count);
        Assert.Equal([messages[2].Content + endOfTurn, messages[4].Content + endOfTurn], MaskedRuns(tokenizer, encoding));
    }

    [Fact]
    public void EncodeWithMask_QwenReasoningOfTheLastTurnIsTheAssistants()
    {
        var tokenizer = ReferenceFixtures.Tokenizer("qwen3");
        var formatter = new ChatFormatter(tokenizer);
        var messages = ChatConversations.All.Single(c => c.Name == "reasoning in assistant content").Messages;

        var runs = MaskedRuns(tokenizer, formatter.EncodeWithMask(messages));

        // The template drops reasoning from turns before the last user message and keeps it after.
        Assert.Equal(["No, 91 = 7 × 13.<|im_end|>", "Check again: 7 * 13 = 91.\n</think>\n\nNo; \\boxed{\\text{not prime}}.<|im_end|>"], runs);
    }

    [Theory]
    [InlineData("qwen3")]
    [InlineData("llama3")]
    public void EncodeWithMask_IdsAreTheFullEncodingForEveryConversation(string model)
    {
        var tokenizer = ReferenceFixtures.Tokenizer(model);
        var formatter = new ChatFormatter(tokenizer);
        foreach (var (name, messages) in ChatConversations.All)
        {
            var encoding = formatter.EncodeWithMask(messages);
            Assert.True(tokenizer.Encode(formatter.Render(messages, false)).SequenceEqual(encoding.Ids), name);
            int assistantTurns = messages.Count(m => m.Role == "assistant");
            Assert.True(MaskedRuns(tokenizer, encoding).Count == assistantTurns, name);
            Assert.True(encoding.AssistantMask.Where((_, i) => tokenizer.IdToToken(encoding.Ids[i]) is "<|im_start|>" or "<|start_header_id|>").All(m => !m), name);
        }
    }

    [Fact]
    public void EncodePrompt_EndsWithTheAssistantHeader()
    {
        var tokenizer = ReferenceFixtures.Tokenizer("qwen3");
        var prompt = new ChatFormatter(tokenizer).EncodePrompt(ChatConversations.TwoAttempts(withSystem: true)[..4]);
        Assert.EndsWith("<|im_start|>assistant\n", tokenizer.Decode(prompt));
    }

    [Fact]
    public void BrokenTemplate_IsAUserError()
    {
        var tokenizer = ReferenceFixtures.Tokenizer("qwen3");
        Assert.Throws<UserError>(() => new ChatFormatter(tokenizer, "{% for m in messages %}"));
        var failing = new ChatFormatter(tokenizer, "{{ raise_exception('no system role') }}");
        Assert.Contains("no system role", Assert.Throws<UserError>(() => failing.Render([new("system", "x")], false)).Message);
    }
}

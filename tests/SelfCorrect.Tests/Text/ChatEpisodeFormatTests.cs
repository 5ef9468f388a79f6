using SelfCorrect.Text;

namespace SelfCorrect.Tests.Text;

public class ChatEpisodeFormatTests
{
    /// <summary>The episode of a two-attempt conversation as the sampler builds it: each attempt is the
    /// assistant content's tokens followed by the end-of-turn token the model writes.</summary>
    static (EpisodeTokens Episode, ChatMessage[] Messages) TwoAttemptEpisode(HfTokenizer tokenizer, ChatEpisodeFormat format, bool withSystem)
    {
        var messages = ChatConversations.TwoAttempts(withSystem);
        var attempts = messages.Where(m => m.Role == "assistant")
            .Select(m => (IReadOnlyList<int>)[.. tokenizer.Encode(m.Content), format.EndOfTurn]).ToList();
        var users = messages.Where(m => m.Role == "user").ToList();
        return (EpisodeTokens.Build(format, users[0].Content, users[1].Content, attempts), messages);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Llama3EpisodesDecodeToTheTemplatesRendering(bool withSystem)
    {
        var tokenizer = ReferenceFixtures.Tokenizer("llama3");
        var formatter = new ChatFormatter(tokenizer);
        var system = withSystem ? ChatConversations.TwoAttempts(true)[0].Content : null;
        var format = new ChatEpisodeFormat(tokenizer, formatter, system);
        Assert.Equal(tokenizer.TokenToId("<|eot_id|>"), format.EndOfTurn);

        var (episode, messages) = TwoAttemptEpisode(tokenizer, format, withSystem);

        // This Llama 3 template opens a new assistant turn after the conversation whether or not a generation
        // prompt is asked for; the episode ends at the model's <|eot_id|>, before that header.
        Assert.Equal(formatter.Render(messages, addGenerationPrompt: false),
            tokenizer.Decode(episode.Ids) + "<|start_header_id|>assistant<|end_header_id|>\n\n");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Qwen3EpisodesDecodeToTheTemplatesRenderingUpToItsThinkingRules(bool withSystem)
    {
        var tokenizer = ReferenceFixtures.Tokenizer("qwen3");
        var formatter = new ChatFormatter(tokenizer);
        var system = withSystem ? ChatConversations.TwoAttempts(true)[0].Content : null;
        var format = new ChatEpisodeFormat(tokenizer, formatter, system);
        Assert.Equal(tokenizer.TokenToId("<|im_end|>"), format.EndOfTurn);

        var (episode, messages) = TwoAttemptEpisode(tokenizer, format, withSystem);
        string rendered = formatter.Render(messages, addGenerationPrompt: false);

        // Two differences, both from Qwen3's template rather than from the episode: (1) the template gives the
        // final assistant turn (the one after the last user message) an empty "<think>\n\n</think>\n\n" block
        // that the model never wrote: with enable_thinking unset, the generation prompt ends at
        // "<|im_start|>assistant\n" and the model writes the answer directly, exactly as the earlier turn is
        // rendered; (2) the template ends every turn with "<|im_end|>\n", and an episode ends at the
        // model's <|im_end|> (the newline belongs to whatever would come next, as in Between).
        const string emptyThink = "<think>\n\n</think>\n\n";
        int last = rendered.LastIndexOf("<|im_start|>assistant\n", StringComparison.Ordinal) + "<|im_start|>assistant\n".Length;
        Assert.Equal(emptyThink, rendered.Substring(last, emptyThink.Length));
        string expected = rendered.Remove(last, emptyThink.Length);
        Assert.EndsWith("<|im_end|>\n", expected);
        Assert.Equal(expected[..^1], tokenizer.Decode(episode.Ids));
    }

    [Theory]
    [InlineData("qwen3")]
    [InlineData("llama3")]
    public void OnlyAssistantWrittenTokensAreMarked(string model)
    {
        var tokenizer = ReferenceFixtures.Tokenizer(model);
        var format = new ChatEpisodeFormat(tokenizer);
        var (episode, messages) = TwoAttemptEpisode(tokenizer, format, withSystem: false);
        var assistant = messages.Where(m => m.Role == "assistant").ToList();
        string endOfTurn = tokenizer.Decode([format.EndOfTurn]);
        for (int t = 1; t <= 2; t++)
        {
            var marked = episode.Ids.Where((_, i) => episode.AttemptOf[i] == t);
            Assert.Equal(assistant[t - 1].Content + endOfTurn, tokenizer.Decode(marked));
        }
        Assert.All(episode.AttemptOf, a => Assert.InRange(a, 0, 2));
        // The prompt for attempt 2 is the episode so far plus Between, ending where the template opens an assistant turn.
        var prompt = EpisodeTokens.PromptFor(format, messages[0].Content, messages[2].Content, [episode.Ids.Where((_, i) => episode.AttemptOf[i] == 1).ToArray()]);
        Assert.Equal(episode.Ids.Take(prompt.Count), prompt);
        Assert.Equal(new ChatFormatter(tokenizer).Render(messages[..3], addGenerationPrompt: true), tokenizer.Decode(prompt));
    }
}

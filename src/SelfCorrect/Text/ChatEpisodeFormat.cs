using System.Collections.Concurrent;

namespace SelfCorrect.Text;

/// <summary>
/// The episode format of a chat model: x1 is the rendered [system?, user problem] conversation with the
/// generation prompt; each instruction between attempts is what the chat template writes after an assistant
/// turn's end-of-turn token up to the next assistant turn's start, found by rendering a conversation around
/// a marker; the end-of-turn token is the special token the template closes an assistant turn with
/// (&lt;|im_end|&gt; for Qwen, &lt;|eot_id|&gt; for Llama 3).
/// </summary>
public sealed class ChatEpisodeFormat : IEpisodeFormat
{
    const string Marker = "\u0002selfcorrect-attempt\u0003";
    const string SampleProblem = "\u0002selfcorrect-problem\u0003";
    readonly HfTokenizer _tokenizer;
    readonly ChatFormatter _formatter;
    readonly string? _systemPrompt;
    readonly string _endOfTurnText;
    readonly ConcurrentDictionary<string, IReadOnlyList<int>> _between = new(StringComparer.Ordinal);

    public ChatEpisodeFormat(HfTokenizer tokenizer, ChatFormatter? formatter = null, string? systemPrompt = null)
    {
        _tokenizer = tokenizer;
        _formatter = formatter ?? new ChatFormatter(tokenizer);
        _systemPrompt = systemPrompt;
        string rendered = _formatter.Render([.. Opening(SampleProblem), new ChatMessage("assistant", Marker)], addGenerationPrompt: false);
        int at = rendered.IndexOf(Marker, StringComparison.Ordinal);
        if (at < 0) throw new UserError("the chat template does not render an assistant message's content");
        int after = at + Marker.Length;
        var closing = tokenizer.AddedTokens
            .Where(t => t.Special && rendered.AsSpan(after).StartsWith(t.Content, StringComparison.Ordinal))
            .MaxBy(t => t.Content.Length)
            ?? throw new UserError("the chat template does not close an assistant turn with a special token");
        _endOfTurnText = closing.Content;
        EndOfTurn = closing.Id;
    }

    public ITokenizer Tokenizer => _tokenizer;
    public int EndOfTurn { get; }

    public IReadOnlyList<int> FirstPrompt(string problem) =>
        _tokenizer.Encode(_formatter.Render(Opening(problem), addGenerationPrompt: true));

    public IReadOnlyList<int> Between(string instruction) => _between.GetOrAdd(instruction, Derive);

    IReadOnlyList<int> Derive(string instruction)
    {
        string rendered = _formatter.Render(
            [.. Opening(SampleProblem), new ChatMessage("assistant", Marker), new ChatMessage("user", instruction)], addGenerationPrompt: true);
        int at = rendered.IndexOf(Marker, StringComparison.Ordinal);
        if (at < 0) throw new UserError("the chat template does not render an earlier assistant message's content");
        var rest = rendered.AsSpan(at + Marker.Length);
        if (!rest.StartsWith(_endOfTurnText, StringComparison.Ordinal))
            throw new UserError($"the chat template closes an earlier assistant turn without {_endOfTurnText}");
        return _tokenizer.Encode(rest[_endOfTurnText.Length..].ToString());
    }

    List<ChatMessage> Opening(string problem) =>
        _systemPrompt is null ? [new("user", problem)] : [new("system", _systemPrompt), new("user", problem)];
}

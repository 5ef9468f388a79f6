using SelfCorrect.Text.Jinja;

namespace SelfCorrect.Text;

/// <summary>Options of a chat template render. DateString feeds Llama 3.x templates (unset: the
/// template's own default); EnableThinking feeds Qwen3's (unset: absent, as transformers leaves it);
/// Now is the clock behind strftime_now.</summary>
public sealed record ChatTemplateOptions(string? DateString = null, bool? EnableThinking = null, DateTime? Now = null);

/// <summary>Renders conversations with a model's chat template (from tokenizer_config.json) and
/// encodes them with a mask of the tokens the assistant wrote.</summary>
public sealed class ChatFormatter
{
    readonly HfTokenizer _tokenizer;
    readonly JinjaTemplate _template;
    readonly ChatTemplateOptions _options;

    public ChatFormatter(HfTokenizer tokenizer, ChatTemplateOptions? options = null)
        : this(tokenizer, tokenizer.Config.ChatTemplate ?? throw new UserError("tokenizer_config.json has no chat_template"), options)
    {
    }

    public ChatFormatter(HfTokenizer tokenizer, string template, ChatTemplateOptions? options = null)
    {
        _tokenizer = tokenizer;
        _options = options ?? new ChatTemplateOptions();
        try
        {
            _template = new JinjaTemplate(template);
        }
        catch (JinjaError e)
        {
            throw new UserError($"the chat template does not parse: {e.Message}");
        }
    }

    /// <summary>The template's variables for a conversation, as transformers passes them.</summary>
    public Dictionary<string, object?> Variables(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt)
    {
        var variables = new Dictionary<string, object?>
        {
            ["messages"] = messages.Select(m => new OrderedDictionary<string, object?> { ["role"] = m.Role, ["content"] = m.Content }).ToList(),
            ["add_generation_prompt"] = addGenerationPrompt,
            ["tools"] = null,
        };
        if (_tokenizer.Config.BosToken is { } bos) variables["bos_token"] = bos;
        if (_tokenizer.Config.EosToken is { } eos) variables["eos_token"] = eos;
        if (_tokenizer.Config.PadToken is { } pad) variables["pad_token"] = pad;
        if (_options.DateString is { } date) variables["date_string"] = date;
        if (_options.EnableThinking is { } thinking) variables["enable_thinking"] = thinking;
        return variables;
    }

    public string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt)
    {
        try
        {
            return _template.Render(Variables(messages, addGenerationPrompt), _options.Now is { } now ? () => now : null);
        }
        catch (JinjaError e)
        {
            throw new UserError($"the chat template failed: {e.Message}");
        }
    }

    /// <summary>Token ids of the conversation followed by the assistant's turn header, ready for generation.</summary>
    public IReadOnlyList<int> EncodePrompt(IReadOnlyList<ChatMessage> messages) => _tokenizer.Encode(Render(messages, addGenerationPrompt: true));

    /// <summary>Encodes the rendered conversation (without generation prompt). The mask is true on
    /// the tokens of each assistant message's rendered content and on the special token that ends
    /// that turn (&lt;|im_end|&gt;, &lt;|eot_id|&gt;); false on role headers and everything else.
    /// Ids are exactly the encoding of Render(messages, false).</summary>
    public ChatEncoding EncodeWithMask(IReadOnlyList<ChatMessage> messages)
    {
        string full = Render(messages, addGenerationPrompt: false);
        var spans = new List<(int Start, int End)>();
        for (int i = 0; i < messages.Count; i++)
            if (messages[i].Role == "assistant") spans.Add(AssistantSpan(messages, i, full));

        // Character spans become byte spans of the normalized text, which token bytes add up to.
        var byteSpans = spans.Select(s => (Start: _tokenizer.NormalizedByteLength(full[..s.Start]), End: _tokenizer.NormalizedByteLength(full[..s.End]))).ToList();
        var ids = _tokenizer.Encode(full);
        var mask = new bool[ids.Count];
        int position = 0;
        for (int t = 0; t < ids.Count; t++)
        {
            mask[t] = byteSpans.Any(s => position >= s.Start && position < s.End);
            position += _tokenizer.TokenBytes(ids[t]).Length;
        }
        if (position != _tokenizer.NormalizedByteLength(full))
            throw new InvalidOperationException("token bytes do not add up to the rendered conversation; the assistant mask cannot be placed");
        return new ChatEncoding(ids, mask);
    }

    /// <summary>Where message i's content lies in the full rendering, plus the special token that
    /// closes the turn: found by rendering again with the content replaced by a marker and taking
    /// what the two renderings share before and after it.</summary>
    (int Start, int End) AssistantSpan(IReadOnlyList<ChatMessage> messages, int i, string full)
    {
        string marker = $"\u0002assistant-message-{i}\u0003";
        var marked = messages.Select((m, j) => j == i ? m with { Content = marker } : m).ToList();
        string rendered = Render(marked, addGenerationPrompt: false);
        int at = rendered.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0) throw new InvalidOperationException($"the chat template does not render assistant message {i}'s content");
        string before = rendered[..at], after = rendered[(at + marker.Length)..];

        int start = 0;
        while (start < before.Length && start < full.Length && before[start] == full[start]) start++;
        int shared = 0;
        while (shared < after.Length && shared < full.Length - start && after[^(shared + 1)] == full[^(shared + 1)]) shared++;
        int end = full.Length - shared;

        var closing = _tokenizer.AddedTokens
            .Where(t => t.Special && full.AsSpan(end).StartsWith(t.Content, StringComparison.Ordinal))
            .MaxBy(t => t.Content.Length);
        return (start, end + (closing?.Content.Length ?? 0));
    }
}

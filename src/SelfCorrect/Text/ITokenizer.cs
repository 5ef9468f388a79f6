namespace SelfCorrect.Text;

/// <summary>Text to token ids and back. Encode adds no special tokens by itself.</summary>
public interface ITokenizer
{
    int VocabSize { get; }
    IReadOnlyList<int> Encode(string text);
    string Decode(IEnumerable<int> ids, bool skipSpecialTokens = false);
    /// <summary>Token that starts a sequence, if the model uses one.</summary>
    int? BosId { get; }
    /// <summary>Tokens that end generation (a model may have several).</summary>
    IReadOnlyList<int> EosIds { get; }
    /// <summary>Token used to pad ragged batches (never attended to, never trained on).</summary>
    int PadId { get; }
}

/// <summary>One message of a conversation: role is "system", "user" or "assistant".</summary>
public sealed record ChatMessage(string Role, string Content);

/// <summary>Token ids of a rendered conversation with a mask of the tokens the model wrote
/// (assistant turns), which are the only ones trained on and scored.</summary>
public sealed record ChatEncoding(IReadOnlyList<int> Ids, IReadOnlyList<bool> AssistantMask);

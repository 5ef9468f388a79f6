namespace SelfCorrect.Text;

/// <summary>A token from tokenizer.json's added_tokens: matched in the text as a whole before
/// any other processing, so "&lt;|im_start|&gt;" in a string is one token.</summary>
public sealed record AddedToken(int Id, string Content, bool Special, bool Normalized = false,
    bool LStrip = false, bool RStrip = false, bool SingleWord = false);

/// <summary>Splits text into runs of plain text and added tokens, taking at each position the
/// leftmost, then longest, added token.</summary>
public sealed class AddedTokenSplitter
{
    readonly Dictionary<char, AddedToken[]> _byFirstChar;

    public AddedTokenSplitter(IEnumerable<AddedToken> tokens)
    {
        _byFirstChar = tokens.Where(t => t.Content.Length > 0)
            .GroupBy(t => t.Content[0])
            .ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.Content.Length).ToArray());
    }

    /// <summary>A piece of text: either plain text (Token is null) or one added token.</summary>
    public readonly record struct Piece(string Text, AddedToken? Token);

    public List<Piece> Split(string text)
    {
        var pieces = new List<Piece>();
        if (_byFirstChar.Count == 0)
        {
            if (text.Length > 0) pieces.Add(new Piece(text, null));
            return pieces;
        }
        int plainStart = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (!_byFirstChar.TryGetValue(text[i], out var candidates)) continue;
            var match = candidates.FirstOrDefault(t => Matches(text, i, t));
            if (match is null) continue;
            int start = i, end = i + match.Content.Length;
            if (match.LStrip) while (start > plainStart && char.IsWhiteSpace(text[start - 1])) start--;
            if (match.RStrip) while (end < text.Length && char.IsWhiteSpace(text[end])) end++;
            if (start > plainStart) pieces.Add(new Piece(text[plainStart..start], null));
            pieces.Add(new Piece(text[start..end], match));
            plainStart = end;
            i = end - 1;
        }
        if (plainStart < text.Length) pieces.Add(new Piece(text[plainStart..], null));
        return pieces;
    }

    static bool Matches(string text, int at, AddedToken token)
    {
        if (!text.AsSpan(at).StartsWith(token.Content, StringComparison.Ordinal)) return false;
        if (!token.SingleWord) return true;
        int end = at + token.Content.Length;
        return (at == 0 || !IsWordChar(text[at - 1])) && (end == text.Length || !IsWordChar(text[end]));
    }

    static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}

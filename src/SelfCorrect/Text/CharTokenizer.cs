namespace SelfCorrect.Text;

/// <summary>
/// A character-level tokenizer for the built-in tasks. Ids 0..4 are special tokens: pad, bos,
/// end-of-turn (eos), and the two turn markers that frame a two-attempt episode.
/// </summary>
public sealed class CharTokenizer : ITokenizer
{
    public const int Pad = 0, Bos = 1, EndOfTurn = 2, User = 3, Assistant = 4;
    static readonly string[] SpecialNames = ["<pad>", "<bos>", "<eot>", "<user>", "<assistant>"];

    /// <summary>The characters the built-in tasks use (digits, arithmetic, letters for instructions).</summary>
    public const string DefaultAlphabet = "0123456789+-*=.,#:?()[]_ \nabcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'\"/<>!%";

    readonly string _alphabet;
    readonly Dictionary<char, int> _ids;

    public CharTokenizer(string alphabet = DefaultAlphabet)
    {
        if (alphabet.Distinct().Count() != alphabet.Length) throw new ArgumentException("alphabet has repeated characters");
        _alphabet = alphabet;
        _ids = alphabet.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i + SpecialNames.Length);
    }

    public string Alphabet => _alphabet;
    public int VocabSize => SpecialNames.Length + _alphabet.Length;
    public int? BosId => Bos;
    public IReadOnlyList<int> EosIds { get; } = [EndOfTurn];
    public int PadId => Pad;

    public IReadOnlyList<int> Encode(string text)
    {
        var ids = new int[text.Length];
        for (int i = 0; i < text.Length; i++)
            ids[i] = _ids.TryGetValue(text[i], out var id) ? id : throw new ArgumentException($"character '{text[i]}' is not in the tokenizer's alphabet");
        return ids;
    }

    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = false)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var id in ids)
        {
            if (id < SpecialNames.Length) { if (!skipSpecialTokens) sb.Append(SpecialNames[id]); }
            else if (id - SpecialNames.Length < _alphabet.Length) sb.Append(_alphabet[id - SpecialNames.Length]);
            else throw new ArgumentOutOfRangeException(nameof(ids), $"token id {id} is outside the vocabulary");
        }
        return sb.ToString();
    }
}

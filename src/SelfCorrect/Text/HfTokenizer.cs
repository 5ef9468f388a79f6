using System.Text;

namespace SelfCorrect.Text;

/// <summary>A Hugging Face tokenizer (tokenizer.json with byte-level BPE, as Qwen2/Qwen3 and
/// Llama 3 ship) plus its tokenizer_config.json. Encode adds no special tokens by itself.</summary>
public sealed class HfTokenizer : ITokenizer
{
    readonly TokenizerJson _json;
    readonly AddedTokenSplitter _rawSplitter;        // added tokens matched before normalization
    readonly AddedTokenSplitter _normalizedSplitter; // added tokens matched after it
    readonly string?[] _idToToken;
    readonly HashSet<int> _specialIds;
    readonly Dictionary<string, int> _addedByContent;

    public HfTokenizer(TokenizerJson json, TokenizerConfig config)
    {
        _json = json;
        Config = config;
        _rawSplitter = new AddedTokenSplitter(json.AddedTokens.Where(t => !t.Normalized));
        _normalizedSplitter = new AddedTokenSplitter(json.AddedTokens.Where(t => t.Normalized));
        _addedByContent = json.AddedTokens.ToDictionary(t => t.Content, t => t.Id);
        _specialIds = json.AddedTokens.Where(t => t.Special).Select(t => t.Id).ToHashSet();

        int size = Math.Max(json.Model.Vocab.Values.DefaultIfEmpty(-1).Max(),
            json.AddedTokens.Select(t => t.Id).DefaultIfEmpty(-1).Max()) + 1;
        _idToToken = new string?[size];
        foreach (var (token, id) in json.Model.Vocab) _idToToken[id] = token;
        foreach (var t in json.AddedTokens) _idToToken[t.Id] = t.Content;

        BosId = config.BosToken is null ? null : RequireId(config.BosToken, "bos_token");
        var eos = new List<int>();
        if (config.EosToken is not null) eos.Add(RequireId(config.EosToken, "eos_token"));
        foreach (int id in config.GenerationEosIds ?? []) if (!eos.Contains(id)) eos.Add(id);
        EosIds = eos;
        PadId = config.PadToken is not null ? RequireId(config.PadToken, "pad_token") : eos.FirstOrDefault();
    }

    /// <summary>Loads tokenizer.json, tokenizer_config.json and generation_config.json from a model directory.</summary>
    public static HfTokenizer FromDirectory(string modelDir)
    {
        if (!Directory.Exists(modelDir)) throw new UserError($"model directory '{modelDir}' does not exist");
        string path = Path.Combine(modelDir, "tokenizer.json");
        if (!File.Exists(path)) throw new UserError($"model directory '{modelDir}' has no tokenizer.json");
        return new HfTokenizer(TokenizerJson.Load(path), TokenizerConfig.FromDirectory(modelDir));
    }

    public TokenizerConfig Config { get; }
    public int VocabSize => _idToToken.Length;
    public int? BosId { get; }
    public IReadOnlyList<int> EosIds { get; }
    public int PadId { get; }
    public IReadOnlyList<AddedToken> AddedTokens => _json.AddedTokens;

    /// <summary>The id of a token (added tokens first, then the BPE vocabulary), or null.</summary>
    public int? TokenToId(string token) =>
        _addedByContent.TryGetValue(token, out int id) || _json.Model.Vocab.TryGetValue(token, out id) ? id : null;

    /// <summary>The token string of an id (byte-level characters for BPE tokens), or null.</summary>
    public string? IdToToken(int id) => id >= 0 && id < _idToToken.Length ? _idToToken[id] : null;

    public IReadOnlyList<int> Encode(string text)
    {
        var ids = new List<int>();
        foreach (var raw in _rawSplitter.Split(text))
        {
            if (raw.Token is not null) { ids.Add(raw.Token.Id); continue; }
            string normalized = _json.Normalizer?.Apply(raw.Text) ?? raw.Text;
            foreach (var piece in _normalizedSplitter.Split(normalized))
            {
                if (piece.Token is not null) { ids.Add(piece.Token.Id); continue; }
                var words = _json.PreTokenizer?.Apply([piece.Text]) ?? [piece.Text];
                foreach (var word in words) ids.AddRange(_json.Model.Tokenize(word));
            }
        }
        return ids;
    }

    public string Decode(IEnumerable<int> ids, bool skipSpecialTokens = false)
    {
        var tokens = new List<string>();
        foreach (int id in ids)
        {
            if (skipSpecialTokens && _specialIds.Contains(id)) continue;
            tokens.Add(IdToToken(id) ?? throw new ArgumentOutOfRangeException(nameof(ids), $"token id {id} is not in the vocabulary"));
        }
        if (!_json.ByteLevelDecoder) return string.Join(" ", tokens);
        var bytes = new List<byte>();
        foreach (var token in tokens) ByteLevel.AppendBytes(token, bytes);
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    /// <summary>The UTF-8 bytes a token stands for in the (normalized) text it was encoded from.</summary>
    public byte[] TokenBytes(int id)
    {
        string token = IdToToken(id) ?? throw new ArgumentOutOfRangeException(nameof(id), $"token id {id} is not in the vocabulary");
        if (!_json.ByteLevelDecoder || _addedByContent.ContainsKey(token)) return Encoding.UTF8.GetBytes(token);
        var bytes = new List<byte>();
        ByteLevel.AppendBytes(token, bytes);
        return [.. bytes];
    }

    /// <summary>How many bytes text occupies once normalized as Encode normalizes it; with
    /// TokenBytes this maps character positions to token positions.</summary>
    public int NormalizedByteLength(string text) => _rawSplitter.Split(text).Sum(piece =>
        Encoding.UTF8.GetByteCount(piece.Token is null ? _json.Normalizer?.Apply(piece.Text) ?? piece.Text : piece.Text));

    int RequireId(string token, string what) =>
        TokenToId(token) ?? throw new UserError($"{what} '{token}' of tokenizer_config.json is not in the vocabulary");
}

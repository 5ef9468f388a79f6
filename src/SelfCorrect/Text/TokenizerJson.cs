using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SelfCorrect.Text;

/// <summary>The parts of a Hugging Face tokenizer.json this library runs.</summary>
public sealed record TokenizerJson(
    Normalizer? Normalizer,
    PreTokenizer? PreTokenizer,
    BpeModel Model,
    IReadOnlyList<AddedToken> AddedTokens,
    bool ByteLevelDecoder)
{
    /// <summary>Parses tokenizer.json; anything outside the supported subset is a UserError naming it.</summary>
    public static TokenizerJson Load(string path)
    {
        using var doc = TokenizerConfig.ParseFile(path);
        try
        {
            return Parse(doc.RootElement);
        }
        catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw new UserError($"{path} is not a tokenizer.json this program understands ({e.Message})");
        }
        catch (UserError e)
        {
            throw new UserError($"{path}: {e.Message}");
        }
    }

    public static TokenizerJson Parse(JsonElement root)
    {
        var model = root.GetProperty("model");
        string modelType = model.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "BPE";
        if (modelType != "BPE") throw new UserError($"model type '{modelType}' is not supported (only BPE)");
        if (model.TryGetProperty("byte_fallback", out var bf) && bf.ValueKind == JsonValueKind.True)
            throw new UserError("BPE byte_fallback is not supported");
        foreach (var affix in new[] { "continuing_subword_prefix", "end_of_word_suffix" })
            if (model.TryGetProperty(affix, out var a) && a.ValueKind == JsonValueKind.String && a.GetString() != "")
                throw new UserError($"BPE {affix} is not supported");

        var vocab = new Dictionary<string, int>();
        foreach (var entry in model.GetProperty("vocab").EnumerateObject()) vocab[entry.Name] = entry.Value.GetInt32();
        var merges = new List<(string, string)>();
        foreach (var merge in model.GetProperty("merges").EnumerateArray()) merges.Add(ParseMerge(merge));
        bool ignoreMerges = model.TryGetProperty("ignore_merges", out var im) && im.ValueKind == JsonValueKind.True;
        string? unk = model.TryGetProperty("unk_token", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;

        var added = new List<AddedToken>();
        if (root.TryGetProperty("added_tokens", out var tokens))
            foreach (var tok in tokens.EnumerateArray())
                added.Add(new AddedToken(tok.GetProperty("id").GetInt32(), tok.GetProperty("content").GetString()!,
                    Flag(tok, "special"), Flag(tok, "normalized"), Flag(tok, "lstrip"), Flag(tok, "rstrip"), Flag(tok, "single_word")));

        return new TokenizerJson(
            Optional(root, "normalizer", ParseNormalizer),
            Optional(root, "pre_tokenizer", ParsePreTokenizer),
            new BpeModel(vocab, merges, ignoreMerges, unk),
            added,
            Optional(root, "decoder", ParseDecoder));
    }

    static T? Optional<T>(JsonElement root, string key, Func<JsonElement, T> parse) =>
        root.TryGetProperty(key, out var value) && value.ValueKind != JsonValueKind.Null ? parse(value) : default;

    static bool Flag(JsonElement e, string key) => e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.True;

    static string TypeOf(JsonElement e) => e.GetProperty("type").GetString() ?? "";

    /// <summary>A merge is "left right" (older files) or ["left", "right"] (newer files).</summary>
    static (string, string) ParseMerge(JsonElement merge)
    {
        if (merge.ValueKind == JsonValueKind.Array && merge.GetArrayLength() == 2)
            return (merge[0].GetString()!, merge[1].GetString()!);
        string s = merge.GetString() ?? "";
        int space = s.IndexOf(' ');
        if (space <= 0 || space != s.LastIndexOf(' ')) throw new UserError($"malformed BPE merge '{s}'");
        return (s[..space], s[(space + 1)..]);
    }

    static Normalizer ParseNormalizer(JsonElement e) => TypeOf(e) switch
    {
        "NFC" => new Normalizer.Unicode(NormalizationForm.FormC),
        "NFD" => new Normalizer.Unicode(NormalizationForm.FormD),
        "NFKC" => new Normalizer.Unicode(NormalizationForm.FormKC),
        "NFKD" => new Normalizer.Unicode(NormalizationForm.FormKD),
        "Lowercase" => new Normalizer.Lowercase(),
        "Sequence" => new Normalizer.Sequence(e.GetProperty("normalizers").EnumerateArray().Select(ParseNormalizer).ToList()),
        var other => throw new UserError($"normalizer '{other}' is not supported"),
    };

    static PreTokenizer ParsePreTokenizer(JsonElement e) => TypeOf(e) switch
    {
        "Sequence" => new PreTokenizer.Sequence(e.GetProperty("pretokenizers").EnumerateArray().Select(ParsePreTokenizer).ToList()),
        "ByteLevel" => new PreTokenizer.ByteLevelStep(Flag(e, "add_prefix_space"),
            !e.TryGetProperty("use_regex", out var r) || r.ValueKind == JsonValueKind.True),
        "Split" => ParseSplit(e),
        var other => throw new UserError($"pre_tokenizer '{other}' is not supported"),
    };

    static PreTokenizer.Split ParseSplit(JsonElement e)
    {
        var pattern = e.GetProperty("pattern");
        string regex = pattern.TryGetProperty("Regex", out var rx) ? rx.GetString()!
            : Regex.Escape(pattern.GetProperty("String").GetString()!);
        string behavior = e.GetProperty("behavior").GetString()!;
        if (!Enum.TryParse<PreTokenizer.SplitBehavior>(behavior, out var b))
            throw new UserError($"Split behavior '{behavior}' is not supported");
        Regex compiled;
        try
        {
            compiled = new Regex(regex, RegexOptions.Compiled | RegexOptions.CultureInvariant);
        }
        catch (ArgumentException ex)
        {
            throw new UserError($"Split pattern does not compile as a .NET regex ({ex.Message})");
        }
        return new PreTokenizer.Split(new CodePointRegex(compiled), b, Flag(e, "invert"));
    }

    static bool ParseDecoder(JsonElement e) => TypeOf(e) switch
    {
        "ByteLevel" => true,
        var other => throw new UserError($"decoder '{other}' is not supported (only ByteLevel)"),
    };
}

using System.Text.Json;

namespace SelfCorrect.Text;

/// <summary>What tokenizer_config.json (and generation_config.json) say around the tokenizer:
/// special token names, whether to start with BOS, the chat template.</summary>
public sealed record TokenizerConfig(
    string? BosToken = null,
    string? EosToken = null,
    string? PadToken = null,
    bool AddBosToken = false,
    string? ChatTemplate = null,
    IReadOnlyList<int>? GenerationEosIds = null)
{
    /// <summary>Reads tokenizer_config.json and, if present, generation_config.json from a model
    /// directory; either may be missing.</summary>
    public static TokenizerConfig FromDirectory(string modelDir)
    {
        var config = new TokenizerConfig();
        string path = Path.Combine(modelDir, "tokenizer_config.json");
        if (File.Exists(path))
        {
            using var doc = ParseFile(path);
            var root = doc.RootElement;
            config = new TokenizerConfig(
                TokenName(root, "bos_token"),
                TokenName(root, "eos_token"),
                TokenName(root, "pad_token"),
                root.TryGetProperty("add_bos_token", out var addBos) && addBos.ValueKind == JsonValueKind.True,
                Template(root));
        }
        string genPath = Path.Combine(modelDir, "generation_config.json");
        if (File.Exists(genPath))
        {
            using var doc = ParseFile(genPath);
            if (doc.RootElement.TryGetProperty("eos_token_id", out var eos))
                config = config with { GenerationEosIds = IntOrList(eos, genPath) };
        }
        return config;
    }

    internal static JsonDocument ParseFile(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new UserError($"{path} is not valid JSON ({e.Message.Split('\n')[0]})");
        }
    }

    /// <summary>A special token is written as a string or as {"content": ...}.</summary>
    static string? TokenName(JsonElement root, string key)
    {
        if (!root.TryGetProperty(key, out var value)) return null;
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Object when value.TryGetProperty("content", out var c) => c.GetString(),
            _ => null,
        };
    }

    /// <summary>chat_template is a string, or a list of named templates of which "default" is used.</summary>
    static string? Template(JsonElement root)
    {
        if (!root.TryGetProperty("chat_template", out var value)) return null;
        if (value.ValueKind == JsonValueKind.String) return value.GetString();
        if (value.ValueKind != JsonValueKind.Array) return null;
        foreach (var named in value.EnumerateArray())
            if (named.TryGetProperty("name", out var name) && name.GetString() == "default")
                return named.GetProperty("template").GetString();
        return null;
    }

    static int[] IntOrList(JsonElement value, string path) => value.ValueKind switch
    {
        JsonValueKind.Number => [value.GetInt32()],
        JsonValueKind.Array => value.EnumerateArray().Select(v => v.GetInt32()).ToArray(),
        JsonValueKind.Null => [],
        _ => throw new UserError($"{path}: eos_token_id must be an integer or a list of integers"),
    };
}

using System.Text.Json;

namespace SelfCorrect.Data;

/// <summary>Reads a JSON Lines file: one JSON object per line; blank lines are ignored.</summary>
static class JsonLines
{
    /// <summary>A non-blank line: its 1-based number and either its object or why it is not one.</summary>
    internal readonly record struct Line(int Number, JsonElement Root, string? Error);

    internal static IEnumerable<Line> Read(string path)
    {
        if (!File.Exists(path)) throw new UserError($"file not found: {path}");
        var number = 0;
        foreach (var text in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            yield return Parse(number, text);
        }
    }

    static Line Parse(int number, string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.ValueKind == JsonValueKind.Object
                ? new Line(number, doc.RootElement.Clone(), null)
                : new Line(number, default, $"expected a JSON object, got {doc.RootElement.ValueKind}");
        }
        catch (JsonException e)
        {
            return new Line(number, default, $"invalid JSON ({FirstSentence(e.Message)})");
        }
    }

    static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return cut < 0 ? message.TrimEnd('.') : message[..cut];
    }

    /// <summary>A string field, or null when absent or null; a <see cref="BadLineException"/> when of another type.</summary>
    internal static string? OptionalString(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null ? null
        : v.ValueKind == JsonValueKind.String ? v.GetString()
        : throw new BadLineException($"field \"{name}\" must be a string");

    internal static string RequiredString(JsonElement root, string name) =>
        OptionalString(root, name) is { Length: > 0 } s ? s
        : throw new BadLineException(root.TryGetProperty(name, out _) ? $"field \"{name}\" is empty" : $"missing field \"{name}\"");

    /// <summary>A string or a number field as text (integers without decimals: 12 → "12"), or null when absent.</summary>
    internal static string? OptionalKey(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        return v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.TryGetInt64(out var n) ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : v.GetRawText(),
            _ => throw new BadLineException($"field \"{name}\" must be a string or a number"),
        };
    }
}

/// <summary>Why one line of a data file is unusable; caught by the loaders and reported with the line number.</summary>
sealed class BadLineException(string reason) : Exception(reason);

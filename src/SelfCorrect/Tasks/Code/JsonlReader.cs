using System.Text.Json;

namespace SelfCorrect.Tasks.Code;

/// <summary>Reads JSON Lines files; a bad line is a <see cref="UserError"/> naming the file, line and reason.</summary>
internal static class JsonlReader
{
    public static IEnumerable<(int Line, JsonElement Row)> Read(TextReader reader, string source)
    {
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            JsonElement row;
            try
            {
                using var document = JsonDocument.Parse(line);
                row = document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new UserError($"{source}:{number}: not valid JSON ({e.Message.Split('.')[0]})");
            }
            if (row.ValueKind != JsonValueKind.Object) throw new UserError($"{source}:{number}: expected a JSON object");
            yield return (number, row);
        }
    }

    public static TextReader Open(string path)
    {
        if (!File.Exists(path)) throw new UserError($"file not found: {path}");
        return new StreamReader(path);
    }

    /// <summary>A string field; numbers are accepted (as their JSON text) only when <paramref name="allowNumber"/>.</summary>
    public static string RequireString(JsonElement row, string field, string source, int line, bool allowNumber = false)
    {
        if (!row.TryGetProperty(field, out var value)) throw new UserError($"{source}:{line}: missing field \"{field}\"");
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Number when allowNumber => value.GetRawText(),
            _ => throw new UserError($"{source}:{line}: field \"{field}\" must be a string"),
        };
    }

    public static string OptionalString(JsonElement row, string field, string source, int line) =>
        !row.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null ? "" : RequireString(row, field, source, line);
}

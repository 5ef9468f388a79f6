using System.Text.Json;
using SelfCorrect.Tasks;

namespace SelfCorrect.Data;

/// <summary>One line of a completions file: <c>{"id": "..." or 12, "attempts": ["...", "..."]}</c>.</summary>
/// <param name="Line">1-based line number.</param>
public sealed record CompletionLine(int Line, string Id, IReadOnlyList<string> Attempts);

/// <summary>Completions made elsewhere (another model, another run), to be scored against loaded problems.</summary>
public static class CompletionsFile
{
    const int MissingIdsShown = 5;

    /// <summary>Reads the file; a <see cref="UserError"/> naming the line for invalid JSON, a missing or badly typed
    /// field, no attempts, a duplicate id, or a number of attempts that differs from the first line's.</summary>
    public static IReadOnlyList<CompletionLine> Load(string path)
    {
        var lines = new List<CompletionLine>();
        var firstLineOfId = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in JsonLines.Read(path))
        {
            CompletionLine parsed;
            try
            {
                parsed = Parse(line);
            }
            catch (BadLineException e)
            {
                throw new UserError($"{path}: line {line.Number}: {e.Message}");
            }
            if (firstLineOfId.TryGetValue(parsed.Id, out var first))
                throw new UserError($"{path}: line {line.Number}: duplicate id \"{parsed.Id}\" (first on line {first})");
            if (lines.Count > 0 && parsed.Attempts.Count != lines[0].Attempts.Count)
                throw new UserError($"{path}: line {line.Number}: {parsed.Attempts.Count} attempts, but line {lines[0].Line} has {lines[0].Attempts.Count}");
            firstLineOfId[parsed.Id] = line.Number;
            lines.Add(parsed);
        }
        if (lines.Count == 0) throw new UserError($"{path}: no completions in the file");
        return lines;
    }

    static CompletionLine Parse(JsonLines.Line line)
    {
        if (line.Error is not null) throw new BadLineException(line.Error);
        var id = JsonLines.OptionalKey(line.Root, "id") is { Length: > 0 } s ? s : throw new BadLineException("missing field \"id\"");
        if (!line.Root.TryGetProperty("attempts", out var attempts) || attempts.ValueKind != JsonValueKind.Array)
            throw new BadLineException("field \"attempts\" must be an array of strings");
        var texts = attempts.EnumerateArray()
            .Select(a => a.ValueKind == JsonValueKind.String ? a.GetString()! : throw new BadLineException("field \"attempts\" must be an array of strings"))
            .ToList();
        if (texts.Count == 0) throw new BadLineException("field \"attempts\" is empty");
        return new CompletionLine(line.Number, id, texts);
    }

    /// <summary>Pairs each problem with its attempts, in problem order. A <see cref="UserError"/> for a completion whose id
    /// is not among the problems (naming its line) or for problems without completions (listing the first few ids).</summary>
    public static IReadOnlyList<(Problem Problem, IReadOnlyList<string> Attempts)> Match(
        IReadOnlyList<Problem> problems, IReadOnlyList<CompletionLine> completions)
    {
        var known = problems.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var unknown = completions.FirstOrDefault(c => !known.Contains(c.Id));
        if (unknown is not null)
            throw new UserError($"completions line {unknown.Line}: id \"{unknown.Id}\" is not among the {problems.Count} loaded problems");

        var byId = completions.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var missing = problems.Where(p => !byId.ContainsKey(p.Id)).Select(p => p.Id).ToList();
        if (missing.Count > 0)
        {
            var shown = string.Join(", ", missing.Take(MissingIdsShown).Select(id => $"\"{id}\""));
            var more = missing.Count > MissingIdsShown ? $" and {missing.Count - MissingIdsShown} more" : "";
            throw new UserError($"{missing.Count} of {problems.Count} problems have no completions: {shown}{more}");
        }
        return problems.Select(p => (p, byId[p.Id].Attempts)).ToList();
    }
}

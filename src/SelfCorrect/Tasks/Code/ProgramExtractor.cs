using System.Text.RegularExpressions;

namespace SelfCorrect.Tasks.Code;

/// <summary>Gets the Python program out of a model's completion.
/// <list type="number">
/// <item>The last complete fenced block tagged <c>python</c> or <c>py</c>; else the last complete fenced block of
/// any tag; else, when a fence is opened and never closed (a truncated generation), everything after it; else the
/// whole completion.</item>
/// <item>With a code prefix (HumanEval's prompt) and an entry point: when the program does not define the entry
/// point, it is a body continuation and the prefix is prepended; when it does, the prefix's import lines that the
/// program lacks are prepended (a rewritten function still needs <c>from typing import List</c>).</item>
/// </list>
/// The last block is taken because models that correct themselves put the final program last.</summary>
public static partial class ProgramExtractor
{
    [GeneratedRegex(@"```[ \t]*([A-Za-z0-9_+-]*)[^\n]*\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex FencedBlock();

    [GeneratedRegex(@"```[ \t]*[A-Za-z0-9_+-]*[^\n]*\n")]
    private static partial Regex OpeningFence();

    public static string Extract(string completion, string? codePrefix = null, string? entryPoint = null)
    {
        ArgumentNullException.ThrowIfNull(completion);
        var text = completion.Replace("\r\n", "\n");
        var program = FromFences(text) ?? text;
        if (codePrefix is null || entryPoint is null) return program.Trim('\n') + "\n";
        if (!Regex.IsMatch(program, $@"(^|\n)\s*(async\s+)?def\s+{Regex.Escape(entryPoint)}\s*\("))
            return codePrefix + program.TrimEnd('\n') + "\n";
        var imports = codePrefix.Split('\n')
            .Where(l => (l.StartsWith("import ", StringComparison.Ordinal) || l.StartsWith("from ", StringComparison.Ordinal))
                        && !program.Contains(l.Trim(), StringComparison.Ordinal))
            .ToList();
        var body = program.Trim('\n') + "\n";
        return imports.Count == 0 ? body : string.Join('\n', imports) + "\n\n" + body;
    }

    private static string? FromFences(string text)
    {
        var blocks = FencedBlock().Matches(text).ToList();
        if (blocks.Count > 0)
        {
            var python = blocks.LastOrDefault(b => b.Groups[1].Value.ToLowerInvariant() is "python" or "py" or "python3");
            return (python ?? blocks[^1]).Groups[2].Value;
        }
        var open = OpeningFence().Match(text);
        return open.Success ? text[(open.Index + open.Length)..] : null;
    }
}

using System.Text.RegularExpressions;

namespace SelfCorrect.Tasks.Mathematics;

/// <summary>Finds the final answer in a MATH-style completion: the last <c>\boxed{...}</c> / <c>\fbox{...}</c>
/// (nested braces; also <c>\boxed 5</c>) or the Minerva form "Final Answer: The final answer is X. I hope it is correct.".
/// When both occur, the one that starts last wins (a box inside the final-answer sentence therefore wins).</summary>
public static partial class MathAnswerExtractor
{
    static readonly string[] BoxCommands = [@"\boxed", @"\fbox"];

    /// <summary>The answer text, or null when the completion has neither form.</summary>
    public static string? Extract(string completion)
    {
        var boxed = LastBoxed(completion);
        var final = LastFinalAnswer(completion);
        if (boxed is null) return final?.Text;
        if (final is null) return boxed.Value.Text;
        return boxed.Value.Start >= final.Value.Start ? boxed.Value.Text : final.Value.Text;
    }

    /// <summary>The content of the last well-formed box, or null.</summary>
    public static string? LastBoxedContent(string text) => LastBoxed(text)?.Text;

    static (int Start, string Text)? LastBoxed(string text)
    {
        var starts = BoxCommands
            .SelectMany(cmd => AllIndexes(text, cmd).Select(i => (Index: i, Cmd: cmd)))
            .OrderByDescending(s => s.Index);
        foreach (var (index, cmd) in starts)
        {
            var content = BoxContent(text, index + cmd.Length);
            if (content is not null) return (index, content);
        }
        return null;
    }

    /// <summary>Reads <c>{...}</c> with nested braces (spaces before it allowed), or, after a space,
    /// the rest of the math span (<c>\boxed 5$</c>).</summary>
    static string? BoxContent(string text, int pos)
    {
        var start = pos;
        while (pos < text.Length && text[pos] == ' ') pos++;
        if (pos >= text.Length) return null;
        if (text[pos] == '{')
        {
            var close = MatchingBrace(text, pos);
            if (close < 0) return null;
            var inner = text[(pos + 1)..close].Trim();
            return inner.Length == 0 ? null : inner;
        }
        if (pos == start) return null;
        var rest = text[pos..];
        var end = rest.IndexOfAny(['$', '\n']);
        var bare = (end < 0 ? rest : rest[..end]).Trim().TrimEnd('.').Trim();
        return bare.Length == 0 ? null : bare;
    }

    /// <summary>Index of the brace closing the one at <paramref name="open"/>, or -1.</summary>
    internal static int MatchingBrace(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            if (text[i] == '{') depth++;
            else if (text[i] == '}' && --depth == 0) return i;
        }
        return -1;
    }

    static IEnumerable<int> AllIndexes(string text, string value)
    {
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
            yield return i;
    }

    [GeneratedRegex(@"final\s+answer(?:\s+is\b|\s*:)", RegexOptions.IgnoreCase)]
    private static partial Regex FinalAnswerMarker();

    [GeneratedRegex(@"\s*I\s+hope\s+it\s+is\s+correct\.?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex HopeSuffix();

    /// <summary>The text after the last marker (on its line, or the next one when the marker ends its line); null when empty.</summary>
    static (int Start, string Text)? LastFinalAnswer(string text)
    {
        var matches = FinalAnswerMarker().Matches(text);
        if (matches.Count == 0) return null;
        var last = matches[^1];
        var start = last.Index + last.Length;
        while (start < text.Length && char.IsWhiteSpace(text[start])) start++;
        var lineEnd = text.IndexOf('\n', start);
        var answer = CleanFinalAnswer(lineEnd < 0 ? text[start..] : text[start..lineEnd]);
        return answer.Length == 0 ? null : (last.Index, answer);
    }

    /// <summary>Strips "I hope it is correct.", the sentence's final period and math delimiters.</summary>
    internal static string CleanFinalAnswer(string raw)
    {
        var s = HopeSuffix().Replace(raw, "").Trim();
        if (s.EndsWith('.')) s = s[..^1].TrimEnd();
        return StripMathDelimiters(s);
    }

    internal static string StripMathDelimiters(string s)
    {
        foreach (var (open, close) in new[] { ("$$", "$$"), ("$", "$"), (@"\(", @"\)"), (@"\[", @"\]") })
            if (s.Length >= open.Length + close.Length && s.StartsWith(open, StringComparison.Ordinal) && s.EndsWith(close, StringComparison.Ordinal))
                return s[open.Length..^close.Length].Trim();
        return s;
    }
}

using System.Text.RegularExpressions;

namespace SelfCorrect.Tasks.Mathematics;

/// <summary>GSM8K answers are numbers. A completion's number is looked for, in this order of preference:
/// the first number after the last "####" (the dataset's own format); the first number in the last
/// <c>\boxed{...}</c>; the first number after the last "answer is" (covers "The answer is" and
/// "The final answer is"); the last number anywhere in the text. A source that holds no number is skipped.
/// Numbers may carry thousands commas, a "$", a trailing "%" (dropped: "5%" = 5) or a trailing ".0";
/// they compare exactly as decimals ("18.00" = "18").</summary>
public static partial class Gsm8kAnswer
{
    [GeneratedRegex(@"(?:(?<![\w.)])[-−])?(?:\\?\$\s?)?(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?|(?:(?<![\w.)])[-−])?(?<!\d)\.\d+")]
    private static partial Regex NumberPattern();

    /// <summary>The number text found in the completion (as written), or null when it holds no number.</summary>
    public static string? Extract(string completion)
    {
        return FirstNumber(AfterLast(completion, "####"))
            ?? FirstNumber(MathAnswerExtractor.LastBoxedContent(completion))
            ?? FirstNumber(AfterLast(completion, "answer is"))
            ?? LastNumber(completion);
    }

    /// <summary>The reference number of a dataset answer "... #### 1,234"; null without "####" or a number after it.</summary>
    public static string? ReferenceOf(string datasetAnswer) => FirstNumber(AfterLast(datasetAnswer, "####"));

    /// <summary>"$1,234.50" → 1234.5, "5%" → 5, "−3" → -3; null when not a number.</summary>
    public static MathValue? Parse(string text)
    {
        var s = text.Trim().Replace('−', '-').Replace(@"\$", "").Replace("$", "").Replace(@"\%", "").Replace("%", "").Replace(" ", "").Replace(",", "").TrimEnd('.');
        var negative = s.StartsWith('-');
        s = s.TrimStart('-', '+');
        if (s.Length == 0 || !s.All(c => char.IsAsciiDigit(c) || c == '.') || s.Count(c => c == '.') > 1) return null;
        var value = MathExpression.ParseDecimal(s);
        return negative && value is { } v ? -v : value;
    }

    public static bool AreEquivalent(string gold, string predicted) =>
        Parse(gold) is { } g && Parse(predicted) is { } p && g.Matches(p);

    static string? AfterLast(string? text, string marker)
    {
        if (text is null) return null;
        var at = text.LastIndexOf(marker, StringComparison.OrdinalIgnoreCase);
        return at < 0 ? null : text[(at + marker.Length)..];
    }

    static string? FirstNumber(string? text)
    {
        if (text is null) return null;
        var m = NumberPattern().Match(text);
        return m.Success ? m.Value.Trim() : null;
    }

    static string? LastNumber(string text)
    {
        var matches = NumberPattern().Matches(text);
        return matches.Count == 0 ? null : matches[^1].Value.Trim();
    }
}

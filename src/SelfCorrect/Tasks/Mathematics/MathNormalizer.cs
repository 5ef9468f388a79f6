using System.Text.RegularExpressions;

namespace SelfCorrect.Tasks.Mathematics;

/// <summary>Brings a MATH answer to a canonical string: <see cref="HendrycksStrip"/> plus a few clean-ups it lacks
/// (Unicode symbols, math delimiters, <c>\text{...}</c> wrappers, units written without a space, "percent",
/// a one-variable left side such as <c>\theta =</c>, a trailing period, choice letters "(A)").</summary>
public static partial class MathNormalizer
{
    public static string Normalize(string answer)
    {
        var s = Before(answer);
        s = HendrycksStrip.Strip(s);
        return After(s);
    }

    static string Before(string s)
    {
        s = s.Trim();
        s = s.Replace('\u2212', '-').Replace("\u03c0", @"\pi").Replace("\u00b0", "").Replace("\u00d7", @"\times").Replace("\u00b7", @"\cdot");
        s = MathAnswerExtractor.StripMathDelimiters(s);
        s = s.Replace(@"\displaystyle", "").Replace(@"\,", "").Replace(@"\;", "").Replace(@"\:", "").Replace(@"\ ", " ");
        s = s.Replace("{,}", ",");
        s = s.Replace(@"\$", "").Replace("$", "");
        s = s.Replace(@"^{\circ}", "").Replace(@"^\circ", "").Replace(@"\circ", "").Replace(@"\degree", "");
        s = PercentWord().Replace(s, "");
        s = VariableLeftSide().Replace(s, "");
        return s.Trim();
    }

    static string After(string s)
    {
        for (var changed = true; changed;)
        {
            var before = s;
            s = s.TrimEnd('.');
            s = UnwrapWhole(s);
            s = TrailingUnits().Replace(s, "");
            s = ChoiceLetter().Replace(s, "$1");
            changed = s != before;
        }
        return s;
    }

    /// <summary><c>\text{Devon}</c> → <c>Devon</c>, <c>{5}</c> → <c>5</c>, when the wrapper spans the whole string.</summary>
    static string UnwrapWhole(string s)
    {
        foreach (var cmd in new[] { @"\text", @"\textbf", @"\textrm", @"\textit", @"\mathrm", @"\mathbf", @"\mbox", @"\boxed", "" })
        {
            var open = cmd + "{";
            if (s.StartsWith(open, StringComparison.Ordinal) && MathAnswerExtractor.MatchingBrace(s, cmd.Length) == s.Length - 1)
                return s[open.Length..^1];
        }
        return s;
    }

    [GeneratedRegex(@"\\text\{\s*percent\s*\}|percent", RegexOptions.IgnoreCase)]
    private static partial Regex PercentWord();

    /// <summary>"x =", "k=", "\theta =", "x_1 =" at the start of an answer that has no other "=".</summary>
    [GeneratedRegex(@"^(?:[a-zA-Z]|\\[a-zA-Z]+)(?:_\{?[a-zA-Z0-9]+\}?)?\s*=(?!=)(?=[^=]*$)")]
    private static partial Regex VariableLeftSide();

    /// <summary>Units written without a space after a value: <c>5\text{cm}</c>, <c>12\mbox{inches}^2</c>.</summary>
    [GeneratedRegex(@"(?<=[0-9}.])\\(?:text|mbox|mathrm)\{[a-zA-Z ]+\}(?:\^\{?[23]\}?)?$")]
    private static partial Regex TrailingUnits();

    [GeneratedRegex(@"^\(([A-Z])\)$")]
    private static partial Regex ChoiceLetter();
}

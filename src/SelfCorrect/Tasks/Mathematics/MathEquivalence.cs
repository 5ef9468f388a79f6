using System.Text.RegularExpressions;

namespace SelfCorrect.Tasks.Mathematics;

/// <summary>Decides whether two MATH answers are the same, in the spirit of the benchmark's <c>is_equiv</c>:
/// both are normalised (<see cref="MathNormalizer"/>) and compared exactly; failing that, structurally and numerically.
/// <list type="bullet">
/// <item>Numbers (<see cref="MathExpression"/>): exact rationals must be equal (so 1000000 ≠ 1000001 and 0.333 ≠ 1/3);
/// when π or an irrational root is involved, a 1e-6 relative / 1e-9 absolute tolerance applies. Values count, not form:
/// <c>2\sqrt{2}</c> = <c>\sqrt{8}</c>, <c>\frac{2}{4}</c> = <c>\frac{1}{2}</c>, <c>0.75</c> = <c>\frac{3}{4}</c>.</item>
/// <item>Percent: the sign is dropped as in MATH (<c>5\%</c> = <c>5</c>), and no conversion happens (<c>50\%</c> ≠ <c>0.5</c>).</item>
/// <item>Parenthesised or bracketed lists (tuples, intervals) compare element by element, bracket types included
/// (<c>(1,2)</c> ≠ <c>(2,1)</c>, <c>[1,3)</c> ≠ <c>[1,3]</c>); parts joined by <c>\cup</c> compare in order.</item>
/// <item>Comma lists not in brackets and sets <c>\{...\}</c> are unordered (MATH lists all roots in any order):
/// <c>1,2</c> = <c>2,1</c>. A lone <c>1,000</c> (groups of three digits) is the number 1000, not a list.</item>
/// <item>Matrices and anything else not understood: equal only when the normalised strings are.</item>
/// </list></summary>
public static partial class MathEquivalence
{
    public static bool AreEquivalent(string gold, string predicted) =>
        Equivalent(MathNormalizer.Normalize(gold), MathNormalizer.Normalize(predicted), depth: 0);

    static bool Equivalent(string a, string b, int depth)
    {
        if (a == b) return true;
        if (a.Length == 0 || b.Length == 0 || depth > 8) return false;

        var unionA = SplitTopLevel(a, @"\cup");
        var unionB = SplitTopLevel(b, @"\cup");
        if (unionA.Count > 1 || unionB.Count > 1)
            return unionA.Count == unionB.Count && unionA.Zip(unionB).All(p => Equivalent(p.First, p.Second, depth + 1));

        var listA = AsUnorderedList(a);
        var listB = AsUnorderedList(b);
        if (listA is not null || listB is not null)
            return listA is not null && listB is not null && UnorderedEqual(listA, listB, depth);

        var seqA = AsBracketed(a);
        var seqB = AsBracketed(b);
        if (seqA is not null || seqB is not null)
            return seqA is not null && seqB is not null
                && seqA.Value.Open == seqB.Value.Open && seqA.Value.Close == seqB.Value.Close
                && seqA.Value.Items.Count == seqB.Value.Items.Count
                && seqA.Value.Items.Zip(seqB.Value.Items).All(p => Equivalent(p.First, p.Second, depth + 1));

        return MathExpression.Evaluate(WithoutThousands(a)) is { } x
            && MathExpression.Evaluate(WithoutThousands(b)) is { } y
            && x.Matches(y);
    }

    [GeneratedRegex(@"^[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")]
    private static partial Regex ThousandsNumber();

    static string WithoutThousands(string s) => ThousandsNumber().IsMatch(s) ? s.Replace(",", "") : s;

    /// <summary>Items of "1,2,3" or "\{1,2,3\}"; null when the string is not such a list.</summary>
    static List<string>? AsUnorderedList(string s)
    {
        if (ThousandsNumber().IsMatch(s)) return null;
        if (s.StartsWith(@"\{", StringComparison.Ordinal) && s.EndsWith(@"\}", StringComparison.Ordinal) && ClosesAtEnd(s, 1))
            return SplitTopLevel(s[2..^2], ",").Select(MathNormalizer.Normalize).ToList();
        var items = SplitTopLevel(s, ",");
        return items.Count > 1 ? items.Select(MathNormalizer.Normalize).ToList() : null;
    }

    /// <summary>Items of "(a,b)" or "[a,b)" with at least two items; null otherwise.</summary>
    static (char Open, char Close, List<string> Items)? AsBracketed(string s)
    {
        if (s.Length < 2 || s[0] is not ('(' or '[') || s[^1] is not (')' or ']') || !ClosesAtEnd(s, 0)) return null;
        var items = SplitTopLevel(s[1..^1], ",");
        return items.Count > 1 ? (s[0], s[^1], items.Select(MathNormalizer.Normalize).ToList()) : null;
    }

    /// <summary>Whether the bracket at <paramref name="open"/> is closed by the string's last character.</summary>
    static bool ClosesAtEnd(string s, int open)
    {
        var depth = 0;
        for (var i = open; i < s.Length; i++)
        {
            if (s[i] is '(' or '[' or '{') depth++;
            else if (s[i] is ')' or ']' or '}' && --depth == 0) return i == s.Length - 1;
        }
        return false;
    }

    /// <summary>Splits on <paramref name="separator"/> outside any (), [], {} nesting (intervals mix bracket kinds).</summary>
    internal static List<string> SplitTopLevel(string s, string separator)
    {
        var parts = new List<string>();
        int depth = 0, start = 0;
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] is '(' or '[' or '{') depth++;
            else if (s[i] is ')' or ']' or '}') depth--;
            else if (depth == 0 && string.CompareOrdinal(s, i, separator, 0, separator.Length) == 0)
            {
                parts.Add(s[start..i]);
                start = i + separator.Length;
                i = start - 1;
            }
        }
        parts.Add(s[start..]);
        return parts;
    }

    /// <summary>Multiset equality under <see cref="Equivalent"/>; greedy matching is enough for answers' short lists.</summary>
    static bool UnorderedEqual(List<string> a, List<string> b, int depth)
    {
        if (a.Count != b.Count) return false;
        var unused = new List<string>(b);
        foreach (var item in a)
        {
            var match = unused.FindIndex(other => Equivalent(item, other, depth + 1));
            if (match < 0) return false;
            unused.RemoveAt(match);
        }
        return true;
    }
}

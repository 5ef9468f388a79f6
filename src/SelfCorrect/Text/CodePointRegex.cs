using System.Globalization;
using System.Text.RegularExpressions;

namespace SelfCorrect.Text;

/// <summary>A regex that sees code points rather than UTF-16 units. A .NET regex sees a character
/// outside the Basic Multilingual Plane as two surrogates (category Cs), so \p{L} and \p{N} miss
/// letters and digits such as 𝟙 or 𠀀. Here such a text is matched through a copy in which each of
/// those code points is one BMP character of the same Unicode category, and the spans are mapped back.</summary>
public sealed class CodePointRegex(Regex regex)
{
    static readonly char[] Representative = BuildRepresentatives();

    public Regex Regex { get; } = regex;

    /// <summary>Start and end (exclusive) of each non-empty match in text.</summary>
    public List<(int Start, int End)> Matches(string text)
    {
        var spans = new List<(int, int)>();
        if (text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0)
        {
            for (var m = Regex.Match(text); m.Success; m = m.NextMatch())
                if (m.Length > 0) spans.Add((m.Index, m.Index + m.Length));
            return spans;
        }

        // offsets[i] is where shadow character i starts in text; offsets[^1] is text.Length.
        var shadow = new char[text.Length];
        var offsets = new List<int>(text.Length + 1);
        int n = 0;
        for (int i = 0; i < text.Length; i++)
        {
            offsets.Add(i);
            if (char.IsSurrogatePair(text, i))
            {
                shadow[n++] = Representative[(int)CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(text, i))];
                i++;
            }
            else shadow[n++] = text[i];
        }
        offsets.Add(text.Length);
        for (var m = Regex.Match(new string(shadow, 0, n)); m.Success; m = m.NextMatch())
            if (m.Length > 0) spans.Add((offsets[m.Index], offsets[m.Index + m.Length]));
        return spans;
    }

    /// <summary>For each Unicode category, a BMP character of that category outside ASCII.</summary>
    static char[] BuildRepresentatives()
    {
        var categories = Enum.GetValues<UnicodeCategory>();
        var map = new char[categories.Length];
        Array.Fill(map, '\uFFFD');
        var found = new bool[categories.Length];
        for (int c = 0xFFFF; c >= 0x80; c--)
        {
            if (c is >= 0xD800 and <= 0xDFFF) continue;
            int category = (int)CharUnicodeInfo.GetUnicodeCategory((char)c);
            if (!found[category]) { map[category] = (char)c; found[category] = true; }
        }
        return map;
    }
}

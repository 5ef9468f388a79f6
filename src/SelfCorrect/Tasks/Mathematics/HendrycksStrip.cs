namespace SelfCorrect.Tasks.Mathematics;

/// <summary>A port of <c>_strip_string</c> from the MATH benchmark's checker (Hendrycks et al. 2021, <c>math_equivalence.py</c>),
/// with three deliberate fixes: <c>\sqrt</c> and <c>\frac</c> shorthands are repaired after spaces are removed
/// (the original turned <c>\sqrt 3</c> into <c>\sqrt{ }3</c>), a units split that does not give exactly two parts
/// leaves the string alone (the original asserted), and <c>\frac</c> followed by a command (<c>\frac\pi2</c>) is left alone.</summary>
public static class HendrycksStrip
{
    public static string Strip(string s)
    {
        s = s.Replace("\n", "").Replace(@"\!", "");
        s = s.Replace(@"\\", @"\");
        s = s.Replace("tfrac", "frac").Replace("dfrac", "frac");
        s = s.Replace(@"\left", "").Replace(@"\right", "");
        s = s.Replace(@"^{\circ}", "").Replace(@"^\circ", "");
        s = s.Replace(@"\$", "");
        s = RemoveRightUnits(s);
        s = s.Replace(@"\%", "").Replace("%", "");
        s = s.Replace(" .", " 0.").Replace("{.", "{0.");
        if (s.Length == 0) return s;
        if (s[0] == '.') s = "0" + s;
        var sides = s.Split('=');
        if (sides.Length == 2 && sides[0].Length <= 2) s = sides[1];
        s = s.Replace(" ", "");
        s = FixSqrt(s);
        s = FixFracs(s);
        if (s == "0.5") s = @"\frac{1}{2}";
        return FixASlashB(s);
    }

    /// <summary><c>"5\text{ cm}"</c> → <c>"5"</c>: in MATH, <c>\text{ </c> (with a space) only ever introduces units.</summary>
    internal static string RemoveRightUnits(string s)
    {
        var parts = s.Split(@"\text{ ");
        return parts.Length == 2 && parts[0].Trim().Length > 0 ? parts[0] : s;
    }

    /// <summary><c>\sqrt3</c> → <c>\sqrt{3}</c>.</summary>
    internal static string FixSqrt(string s)
    {
        var parts = s.Split(@"\sqrt");
        var result = parts[0];
        foreach (var part in parts.Skip(1))
            result += part.Length == 0 || part[0] is '{' or '[' or '\\' ? @"\sqrt" + part : @"\sqrt{" + part[0] + "}" + part[1..];
        return result;
    }

    /// <summary><c>\frac12</c> → <c>\frac{1}{2}</c>, <c>\frac1{72}</c> → <c>\frac{1}{72}</c>.</summary>
    internal static string FixFracs(string s)
    {
        var parts = s.Split(@"\frac");
        var result = parts[0];
        foreach (var part in parts.Skip(1))
        {
            result += @"\frac";
            if (part.Length > 0 && (part[0] == '{' || part[0] == '\\'))
                result += part;
            else if (part.Length < 2)
                return s;
            else if (part[1] != '{')
                result += "{" + part[0] + "}{" + part[1] + "}" + part[2..];
            else
                result += "{" + part[0] + "}" + part[1..];
        }
        return result;
    }

    /// <summary><c>3/4</c> → <c>\frac{3}{4}</c> when the whole string is two plain integers.</summary>
    internal static string FixASlashB(string s)
    {
        var parts = s.Split('/');
        if (parts.Length != 2) return s;
        return int.TryParse(parts[0], System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var a)
            && int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var b)
            && s == $"{a}/{b}"
            ? $@"\frac{{{a}}}{{{b}}}"
            : s;
    }
}

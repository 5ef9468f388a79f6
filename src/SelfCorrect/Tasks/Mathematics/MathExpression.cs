using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace SelfCorrect.Tasks.Mathematics;

/// <summary>Evaluates the simple numeric forms of normalised answers (no spaces): integers, decimals, scientific
/// notation (<c>1.5e3</c>, <c>1.5\times10^{3}</c>), <c>\frac{a}{b}</c>, <c>a/b</c>, <c>\sqrt{n}</c>, <c>\sqrt[3]{n}</c>,
/// <c>\pi</c>, powers, sums and products (<c>2\sqrt{2}</c>, <c>\frac{\pi}{2}</c>, <c>1+\sqrt{3}</c>).
/// An integer directly followed by <c>\frac{a}{b}</c> with integers <c>0 &lt; a &lt; b</c> is a mixed number
/// (<c>2\frac{1}{2}</c> = 5/2), never the product 1; with other fractions that juxtaposition is refused.
/// Anything else (variables, <c>\infty</c>, functions) is not a number: the result is null.</summary>
public static partial class MathExpression
{
    const int MaxLength = 300;
    const int MaxDepth = 40;

    public static MathValue? Evaluate(string normalized)
    {
        if (normalized.Length == 0 || normalized.Length > MaxLength) return null;
        var parser = new Parser(normalized);
        var value = parser.ParseAll();
        return value is { IsFinite: true } ? value : null;
    }

    [GeneratedRegex(@"\G\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|\G\.\d+")]
    private static partial Regex NumberToken();

    /// <summary>A mixed number at the current position: 2\frac{1}{2}.</summary>
    [GeneratedRegex(@"\G(\d+)\\frac\{(\d+)\}\{(\d+)\}")]
    private static partial Regex MixedNumber();

    sealed class Parser(string s)
    {
        int pos;
        int depth;

        public MathValue? ParseAll()
        {
            var v = Expr();
            return v is not null && pos == s.Length ? v : null;
        }

        bool Peek(string token) => string.CompareOrdinal(s, pos, token, 0, token.Length) == 0;

        bool Accept(string token)
        {
            if (!Peek(token)) return false;
            pos += token.Length;
            return true;
        }

        MathValue? Expr()
        {
            if (++depth > MaxDepth) return null;
            try
            {
                var v = Term();
                while (v is not null && pos < s.Length)
                {
                    if (Accept("+")) v = Term() is { } r ? v.Value + r : null;
                    else if (Accept("-")) v = Term() is { } r ? v.Value - r : null;
                    else break;
                }
                return v;
            }
            finally { depth--; }
        }

        MathValue? Term()
        {
            var v = Unary();
            while (v is not null && pos < s.Length)
            {
                if (Accept("*") || Accept(@"\cdot") || Accept(@"\times")) v = Unary() is { } r ? v.Value * r : null;
                else if (Accept("/") || Accept(@"\div")) v = Unary() is { } r ? MathValue.Divide(v.Value, r) : null;
                else if (Peek(@"\frac") && PreviousIsDigit()) return null; // 2\frac{3}{2}: neither a mixed number nor a clear product
                else if (StartsFactor()) v = Power() is { } r ? v.Value * r : null;
                else break;
            }
            return v;
        }

        bool PreviousIsDigit() => pos > 0 && char.IsAsciiDigit(s[pos - 1]);

        bool StartsFactor() => Peek(@"\sqrt") || Peek(@"\pi") || Peek(@"\frac") || Peek("{") || Peek("(");

        MathValue? Unary()
        {
            if (Accept("-")) return Unary() is { } v ? -v : null;
            if (Accept("+")) return Unary();
            var mixed = MixedNumber().Match(s, pos);
            if (mixed.Success)
            {
                pos += mixed.Length;
                var (whole, num, den) = (BigInteger.Parse(mixed.Groups[1].Value), BigInteger.Parse(mixed.Groups[2].Value), BigInteger.Parse(mixed.Groups[3].Value));
                if (num.IsZero || num >= den || pos < s.Length && (StartsFactor() || Peek("^"))) return null;
                return MathValue.Exact(whole * den + num, den);
            }
            return Power();
        }

        MathValue? Power()
        {
            var b = Primary();
            if (b is null || !Accept("^")) return b;
            var e = Peek("{") ? Primary() : Accept("-") ? (SingleArg() is { } x ? -x : null) : SingleArg();
            return e is null ? null : MathValue.Pow(b.Value, e.Value);
        }

        MathValue? Primary()
        {
            var number = NumberToken().Match(s, pos);
            if (number.Success)
            {
                pos += number.Length;
                return ParseDecimal(number.Value);
            }
            if (Accept(@"\pi")) return MathValue.Pi;
            if (Accept(@"\frac"))
            {
                var n = Arg();
                var d = n is null ? null : Arg();
                return d is null ? null : MathValue.Divide(n!.Value, d.Value);
            }
            if (Accept(@"\sqrt"))
            {
                MathValue? index = null;
                if (Accept("["))
                {
                    index = Expr();
                    if (index is null || !Accept("]")) return null;
                }
                var radicand = Arg();
                if (radicand is null) return null;
                if (index is null) return MathValue.Sqrt(radicand.Value);
                return MathValue.Divide(MathValue.Exact(1), index.Value) is { } inv ? MathValue.Pow(radicand.Value, inv) : null;
            }
            if (Accept("{")) return Group("}");
            if (Accept("(")) return Group(")");
            return null;
        }

        MathValue? Group(string close)
        {
            var v = Expr();
            return v is not null && Accept(close) ? v : null;
        }

        /// <summary>A command argument: a braced expression or a single digit / \pi (<c>\frac12</c>, <c>\sqrt3</c>).</summary>
        MathValue? Arg() => Accept("{") ? Group("}") : SingleArg();

        MathValue? SingleArg()
        {
            if (Accept(@"\pi")) return MathValue.Pi;
            if (pos < s.Length && char.IsAsciiDigit(s[pos])) return MathValue.Exact(s[pos++] - '0');
            return null;
        }
    }

    /// <summary>"12.50" → 25/2, "1.5e3" → 1500, ".5" → 1/2, exactly.</summary>
    internal static MathValue? ParseDecimal(string text)
    {
        var exponent = 0;
        var e = text.IndexOfAny(['e', 'E']);
        if (e >= 0)
        {
            if (!int.TryParse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent) || System.Math.Abs(exponent) > 300)
                return null;
            text = text[..e];
        }
        var dot = text.IndexOf('.');
        var digits = dot < 0 ? text : text[..dot] + text[(dot + 1)..];
        if (digits.Length == 0 || digits.Length > 400) return null;
        var scale = (dot < 0 ? 0 : text.Length - dot - 1) - exponent;
        var num = BigInteger.Parse(digits, CultureInfo.InvariantCulture);
        return scale >= 0 ? MathValue.Exact(num, BigInteger.Pow(10, scale)) : MathValue.Exact(num * BigInteger.Pow(10, -scale));
    }
}

using System.Numerics;

namespace SelfCorrect.Tasks.Mathematics;

/// <summary>A number parsed from an answer: exact (a rational) while only integers, decimals, fractions and
/// perfect-square roots are involved; approximate (a double) once π or an irrational root enters.</summary>
public readonly record struct MathValue
{
    /// <summary>Exact values keep numerators and denominators below this many bits; bigger ones become approximate.</summary>
    const long MaxBits = 4096;

    public BigInteger Numerator { get; }
    public BigInteger Denominator { get; }
    public bool IsExact { get; }
    public double Approx { get; }

    MathValue(BigInteger num, BigInteger den)
    {
        if (den.Sign < 0) (num, den) = (-num, -den);
        var g = BigInteger.GreatestCommonDivisor(num, den);
        if (!g.IsZero && !g.IsOne) (num, den) = (num / g, den / g);
        Numerator = num;
        Denominator = den;
        IsExact = true;
        Approx = (double)num / (double)den;
        if (double.IsNaN(Approx)) Approx = System.Math.Exp(BigInteger.Log(BigInteger.Abs(num)) - BigInteger.Log(den)) * num.Sign;
    }

    MathValue(double approx)
    {
        Numerator = BigInteger.Zero;
        Denominator = BigInteger.One;
        IsExact = false;
        Approx = approx;
    }

    public static MathValue Exact(BigInteger num, BigInteger den) =>
        num.GetBitLength() > MaxBits || den.GetBitLength() > MaxBits ? new MathValue((double)num / (double)den) : new MathValue(num, den);

    public static MathValue Exact(BigInteger n) => Exact(n, BigInteger.One);

    public static MathValue Approximate(double x) => new(x);

    public static MathValue Pi { get; } = new(System.Math.PI);

    public bool IsZero => IsExact ? Numerator.IsZero : Approx == 0;

    public bool IsFinite => double.IsFinite(Approx) || IsExact;

    public static MathValue operator -(MathValue a) => a.IsExact ? Exact(-a.Numerator, a.Denominator) : new(-a.Approx);

    public static MathValue operator +(MathValue a, MathValue b) =>
        a.IsExact && b.IsExact
            ? Exact(a.Numerator * b.Denominator + b.Numerator * a.Denominator, a.Denominator * b.Denominator)
            : new(a.Approx + b.Approx);

    public static MathValue operator -(MathValue a, MathValue b) => a + -b;

    public static MathValue operator *(MathValue a, MathValue b) =>
        a.IsExact && b.IsExact ? Exact(a.Numerator * b.Numerator, a.Denominator * b.Denominator) : new(a.Approx * b.Approx);

    /// <summary>Null when dividing by zero.</summary>
    public static MathValue? Divide(MathValue a, MathValue b)
    {
        if (b.IsZero) return null;
        return a.IsExact && b.IsExact ? Exact(a.Numerator * b.Denominator, a.Denominator * b.Numerator) : new(a.Approx / b.Approx);
    }

    /// <summary>Square root; exact for perfect squares. Null for negative values.</summary>
    public static MathValue? Sqrt(MathValue a)
    {
        if (a.Approx < 0 || (a.IsExact && a.Numerator.Sign < 0)) return null;
        if (a.IsExact && IntegerSqrt(a.Numerator) is { } n && IntegerSqrt(a.Denominator) is { } d) return Exact(n, d);
        return new(System.Math.Sqrt(a.Approx));
    }

    /// <summary>Power; exact for an exact base and a small integer exponent. Null when undefined.</summary>
    public static MathValue? Pow(MathValue a, MathValue e)
    {
        if (a.IsExact && e.IsExact && e.Denominator.IsOne && BigInteger.Abs(e.Numerator) <= 256)
        {
            var k = (int)e.Numerator;
            if (k < 0 && a.IsZero) return null;
            var num = BigInteger.Pow(a.Numerator, System.Math.Abs(k));
            var den = BigInteger.Pow(a.Denominator, System.Math.Abs(k));
            return k >= 0 ? Exact(num, den) : Exact(den, num);
        }
        var r = System.Math.Pow(a.Approx, e.Approx);
        return double.IsNaN(r) ? null : new(r);
    }

    static BigInteger? IntegerSqrt(BigInteger n)
    {
        if (n.Sign < 0 || n.GetBitLength() > 1000) return null;
        if (n.IsZero) return n;
        var x = (BigInteger)System.Math.Sqrt((double)n);
        for (var i = 0; i < 64; i++)
        {
            var next = (x + n / x) >> 1;
            if (BigInteger.Abs(next - x) <= 1) { x = next; break; }
            x = next;
        }
        for (var c = x - 2; c <= x + 2; c++)
            if (c.Sign >= 0 && c * c == n) return c;
        return null;
    }

    /// <summary>Exact values must be equal; otherwise within 1e-6 relative or 1e-9 absolute.</summary>
    public bool Matches(MathValue other)
    {
        if (IsExact && other.IsExact) return Numerator == other.Numerator && Denominator == other.Denominator;
        double a = Approx, b = other.Approx;
        if (!double.IsFinite(a) || !double.IsFinite(b)) return false;
        return System.Math.Abs(a - b) <= System.Math.Max(1e-9, 1e-6 * System.Math.Max(System.Math.Abs(a), System.Math.Abs(b)));
    }

    public override string ToString() => IsExact ? (Denominator.IsOne ? $"{Numerator}" : $"{Numerator}/{Denominator}") : $"~{Approx:R}";
}

using System.Numerics;

namespace ExactLip.Tests.Bounds.Exact;

/// <summary>
/// An exact rational number p/q (q &gt; 0, not necessarily reduced), for reference values that no
/// float64 rounding touches: every float64 number converts to one exactly.
/// </summary>
internal readonly struct Rational : IComparable<Rational>
{
    public Rational(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.Sign < 0)
        {
            numerator = -numerator;
            denominator = -denominator;
        }

        Numerator = numerator;
        Denominator = denominator;
    }

    public BigInteger Numerator { get; }

    public BigInteger Denominator { get; }

    public static Rational Zero => new(0, 1);

    public int Sign => Numerator.Sign;

    /// <summary>The exact value of a finite float64 number: its 53-bit significand times a power of two.</summary>
    public static Rational FromDouble(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), "Only finite numbers have an exact rational value.");
        }

        var bits = BitConverter.DoubleToInt64Bits(value);
        var exponent = (int)((bits >> 52) & 0x7FF);
        var significand = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0)
        {
            exponent = 1;
        }
        else
        {
            significand |= 1L << 52;
        }

        var power = exponent - 1075;
        BigInteger numerator = bits < 0 ? -significand : significand;
        return power >= 0
            ? new Rational(numerator * BigInteger.Pow(2, power), 1)
            : new Rational(numerator, BigInteger.Pow(2, -power));
    }

    public static implicit operator Rational(double value) => FromDouble(value);

    public static Rational operator +(Rational a, Rational b) =>
        a.Denominator == b.Denominator
            ? new Rational(a.Numerator + b.Numerator, a.Denominator)
            : new Rational((a.Numerator * b.Denominator) + (b.Numerator * a.Denominator), a.Denominator * b.Denominator);

    public static Rational operator -(Rational a) => new(-a.Numerator, a.Denominator);

    public static Rational operator -(Rational a, Rational b) => a + (-b);

    public static Rational operator *(Rational a, Rational b) => new(a.Numerator * b.Numerator, a.Denominator * b.Denominator);

    public static bool operator <(Rational a, Rational b) => a.CompareTo(b) < 0;

    public static bool operator >(Rational a, Rational b) => a.CompareTo(b) > 0;

    public static bool operator <=(Rational a, Rational b) => a.CompareTo(b) <= 0;

    public static bool operator >=(Rational a, Rational b) => a.CompareTo(b) >= 0;

    public static Rational Max(Rational a, Rational b) => a >= b ? a : b;

    public static Rational Min(Rational a, Rational b) => a <= b ? a : b;

    public Rational Abs() => Sign < 0 ? -this : this;

    public int CompareTo(Rational other) => (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);

    /// <summary>The nearest float64 value, for messages (both parts scaled down together so neither overflows).</summary>
    public override string ToString()
    {
        var shift = (int)Math.Max(0, Math.Max(Denominator.GetBitLength(), BigInteger.Abs(Numerator).GetBitLength()) - 1000);
        var value = (double)(Numerator >> shift) / (double)(Denominator >> shift);
        return value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
    }
}

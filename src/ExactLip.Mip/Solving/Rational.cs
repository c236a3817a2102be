using System.Numerics;

namespace ExactLip.Mip.Solving;

/// <summary>An exact rational number p/q (q &gt; 0, in lowest terms), for LP certificates that float64 cannot state.</summary>
public readonly struct Rational
{
    private Rational(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.Sign < 0)
        {
            numerator = -numerator;
            denominator = -denominator;
        }

        var gcd = BigInteger.GreatestCommonDivisor(numerator, denominator);
        if (!gcd.IsZero && !gcd.IsOne)
        {
            numerator /= gcd;
            denominator /= gcd;
        }

        Numerator = numerator;
        Denominator = denominator.IsZero ? BigInteger.One : denominator;
    }

    public static Rational Zero => new(BigInteger.Zero, BigInteger.One);

    public BigInteger Numerator { get; }

    public BigInteger Denominator { get; }

    public int Sign => Numerator.Sign;

    public bool IsZero => Numerator.IsZero;

    /// <summary>The exact value of a finite double: its mantissa times a power of two.</summary>
    public static Rational From(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), "Only finite numbers are rational.");
        }

        if (value == 0)
        {
            return Zero;
        }

        var bits = BitConverter.DoubleToInt64Bits(value);
        var biased = (int)((bits >> 52) & 0x7FF);
        var fraction = bits & ((1L << 52) - 1);

        // Subnormals have no implicit leading bit and the smallest exponent.
        var mantissa = new BigInteger(biased == 0 ? fraction : fraction | (1L << 52));
        var exponent = biased == 0 ? -1074 : biased - 1075;
        mantissa = value < 0 ? -mantissa : mantissa;
        return exponent >= 0
            ? new Rational(mantissa << exponent, BigInteger.One)
            : new Rational(mantissa, BigInteger.One << -exponent);
    }

    public static Rational operator +(Rational a, Rational b) =>
        new((a.Numerator * b.Denominator) + (b.Numerator * a.Denominator), a.Denominator * b.Denominator);

    public static Rational operator -(Rational a) => new(-a.Numerator, a.Denominator);

    public static Rational operator -(Rational a, Rational b) => a + (-b);

    public static Rational operator *(Rational a, Rational b) => new(a.Numerator * b.Numerator, a.Denominator * b.Denominator);

    public static Rational operator /(Rational a, Rational b) =>
        b.IsZero ? throw new DivideByZeroException() : new Rational(a.Numerator * b.Denominator, a.Denominator * b.Numerator);
}

using System.Numerics;

namespace ExactLip.Mip.Solving;

/// <summary>An exact rational number p/q (q &gt; 0, in lowest terms), for LP certificates that float64 cannot state.</summary>
internal readonly struct Rational
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

    /// <summary>The exact value of a finite double.</summary>
    public static Rational From(double value)
    {
        var d = Dyadic.From(value);
        return d.Exponent >= 0
            ? new Rational(d.Mantissa << d.Exponent, BigInteger.One)
            : new Rational(d.Mantissa, BigInteger.One << -d.Exponent);
    }

    public static Rational operator +(Rational a, Rational b) =>
        new((a.Numerator * b.Denominator) + (b.Numerator * a.Denominator), a.Denominator * b.Denominator);

    public static Rational operator -(Rational a) => new(-a.Numerator, a.Denominator);

    public static Rational operator -(Rational a, Rational b) => a + (-b);

    public static Rational operator *(Rational a, Rational b) => new(a.Numerator * b.Numerator, a.Denominator * b.Denominator);

    public static Rational operator /(Rational a, Rational b) =>
        b.IsZero ? throw new DivideByZeroException() : new Rational(a.Numerator * b.Denominator, a.Denominator * b.Numerator);
}

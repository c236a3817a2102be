using System.Numerics;

namespace ExactLip.Mip.Solving;

/// <summary>
/// An exact dyadic rational m·2ᵉ. Every float64 is one, and sums and products of dyadic numbers
/// are dyadic, so a formula of float64 inputs built from + and × is evaluated exactly, with no
/// rounding to account for.
/// </summary>
internal readonly struct Dyadic
{
    private Dyadic(BigInteger mantissa, int exponent)
    {
        Mantissa = mantissa;
        Exponent = exponent;
    }

    public static Dyadic Zero => default;

    public BigInteger Mantissa { get; }

    public int Exponent { get; }

    public int Sign => Mantissa.Sign;

    /// <summary>The exact value of a finite double.</summary>
    public static Dyadic From(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), "Only finite numbers are dyadic.");
        }

        if (value == 0)
        {
            return Zero;
        }

        var bits = BitConverter.DoubleToInt64Bits(value);
        var biased = (int)((bits >> 52) & 0x7FF);
        var fraction = bits & ((1L << 52) - 1);

        // Subnormals have no implicit leading bit and the smallest exponent.
        var mantissa = biased == 0 ? fraction : fraction | (1L << 52);
        var exponent = biased == 0 ? -1074 : biased - 1075;
        return new Dyadic(value < 0 ? -mantissa : mantissa, exponent);
    }

    public static Dyadic operator +(Dyadic a, Dyadic b)
    {
        if (a.Mantissa.IsZero)
        {
            return b;
        }

        if (b.Mantissa.IsZero)
        {
            return a;
        }

        var exponent = Math.Min(a.Exponent, b.Exponent);
        return new Dyadic((a.Mantissa << (a.Exponent - exponent)) + (b.Mantissa << (b.Exponent - exponent)), exponent);
    }

    public static Dyadic operator -(Dyadic a) => new(-a.Mantissa, a.Exponent);

    public static Dyadic operator -(Dyadic a, Dyadic b) => a + (-b);

    public static Dyadic operator *(Dyadic a, Dyadic b) =>
        a.Mantissa.IsZero || b.Mantissa.IsZero ? Zero : new Dyadic(a.Mantissa * b.Mantissa, a.Exponent + b.Exponent);
}

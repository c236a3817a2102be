namespace ExactLip.Tests.Exact;

/// <summary>
/// An exactly known value T, kept as rationals. Polyhedral norms are exact: Lo = Hi = T. ℓ2
/// quantities keep T² instead (<see cref="Squared"/>), which is rational for vector norms
/// (Lo = Hi) and, for the spectral norm, bracketed by Lo ≤ T² ≤ Hi with a relative width near
/// 2⁻⁷⁰. Comparisons with an engine's doubles convert those doubles exactly.
/// </summary>
public sealed record ExactValue(Rational Lo, Rational Hi, bool Squared)
{
    public static ExactValue Exactly(Rational value) => new(value, value, false);

    public static ExactValue Square(Rational squared) => new(squared, squared, true);

    public static ExactValue Max(ExactValue a, ExactValue b) => new(Rational.Max(a.Lo, b.Lo), Rational.Max(a.Hi, b.Hi), a.Squared);

    /// <summary>T as a double, for messages and tolerances.</summary>
    public double Approximate => Squared ? Math.Sqrt(Hi.ToDouble()) : Hi.ToDouble();

    public bool IsZero => Hi.IsZero;

    /// <summary>False only when <paramref name="lower"/> &gt; T is proven (or the bound is NaN).</summary>
    public bool AdmitsLowerBound(double lower)
    {
        if (double.IsNaN(lower) || double.IsPositiveInfinity(lower))
        {
            return false;
        }

        if (lower <= 0)
        {
            return true;
        }

        var l = Rational.FromDouble(lower);
        return (Squared ? l * l : l) <= Hi;
    }

    /// <summary>False only when <paramref name="upper"/> &lt; T is proven (or the bound is NaN).</summary>
    public bool AdmitsUpperBound(double upper)
    {
        if (double.IsNaN(upper))
        {
            return false;
        }

        if (double.IsPositiveInfinity(upper))
        {
            return true;
        }

        if (upper < 0)
        {
            return Lo.Sign < 0;
        }

        var u = Rational.FromDouble(upper);
        return (Squared ? u * u : u) >= Lo;
    }

    /// <summary>
    /// upper − lower ≤ tolerance·max(T, upper): the relative agreement that makes a value exact.
    /// At T = 0 a relative test means nothing; the engines' own absolute floor (1e-10) applies.
    /// </summary>
    public bool WithinTolerance(double lower, double upper, double tolerance)
    {
        if (!double.IsFinite(lower) || !double.IsFinite(upper))
        {
            return false;
        }

        if (IsZero)
        {
            return upper - lower <= 1e-10;
        }

        if (Squared)
        {
            return upper - lower <= tolerance * Math.Max(Approximate, upper) * (1 + 1e-9);
        }

        var gap = Rational.FromDouble(upper) - Rational.FromDouble(lower);
        return gap <= Rational.FromDouble(tolerance) * Rational.Max(Hi, Rational.FromDouble(upper));
    }

    public override string ToString() => Squared && Lo != Hi
        ? $"{Approximate:R} (squared in [{Lo}, {Hi}])"
        : Approximate.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}

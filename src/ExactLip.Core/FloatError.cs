namespace ExactLip.Core;

/// <summary>
/// Error bounds of float64 arithmetic (round to nearest), after Higham, "Accuracy and Stability
/// of Numerical Algorithms", §2–3: a result computed by k operations in a row is within γₖ times
/// the sum of its terms' magnitudes of the exact result, γₖ = k·u/(1 − k·u), u = 2⁻⁵³. Each
/// underflowing operation may add up to <see cref="Underflow"/> more.
/// </summary>
public static class FloatError
{
    /// <summary>The unit roundoff of float64.</summary>
    public const double Unit = 1.0 / (1L << 53);

    /// <summary>The largest absolute error one underflowing operation adds (half the smallest subnormal, rounded up).</summary>
    public const double Underflow = double.Epsilon;

    /// <summary>γₖ, the relative error bound of k floating-point operations in a row.</summary>
    public static double Gamma(int k) => k * Unit / (1 - (k * Unit));

    /// <summary>
    /// An upper bound, valid in exact arithmetic, on a non-negative quantity that was computed in
    /// float64 by at most <paramref name="operations"/> operations on non-negative terms.
    /// </summary>
    public static double RoundUp(double value, int operations) =>
        Math.BitIncrement((value * (1 + Gamma(operations + 1))) + (operations * Underflow));

    /// <summary>
    /// A lower bound, valid in exact arithmetic, on a non-negative quantity that was computed in
    /// float64 by at most <paramref name="operations"/> operations on non-negative terms; never
    /// below zero.
    /// </summary>
    public static double RoundDown(double value, int operations) =>
        Math.Max(0, Math.BitDecrement((value * (1 - Gamma(operations + 1))) - (operations * Underflow)));
}

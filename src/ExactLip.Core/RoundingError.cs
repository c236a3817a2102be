namespace ExactLip.Core;

/// <summary>
/// Rounding-error bounds of float64 arithmetic, so that a bound computed with round-to-nearest
/// holds for the exact real-number value it stands for.
/// Implementation note: .NET has no directed rounding, so two facts do all the work.
/// (1) One rounding: for any real x whose computed value is fl(x) (one operation, round to
/// nearest), BitIncrement(fl(x)) ≥ x and BitDecrement(fl(x)) ≤ x, because |fl(x) − x| is at most
/// half an ulp of fl(x) (a quarter of an ulp below a power of two), and also when fl(x) underflows
/// (the error is then at most half of 2⁻¹⁰⁷⁴) or overflows to ±∞.
/// (2) Recursive summation: a sum s = Σᵢ₌₁ⁿ tᵢ of n products or values, accumulated in order from
/// 0 in float64, errs by |ŝ − s| ≤ γₙ·M + n·η with M = Σ|tᵢ| exact, γₙ = n·u/(1 − n·u),
/// u = 2⁻⁵³ and η = 2⁻¹⁰⁷⁴ for the absolute error of a product that underflows (Higham,
/// Accuracy and Stability of Numerical Algorithms, §3.1; additions of subnormals are exact).
/// When M̂ is the float64 sum of the |tᵢ| computed in the same way, M ≤ (M̂ + nη)/(1 − γₙ), so
/// |ŝ − s| ≤ 2γₙ·M̂ + 2nη while γₙ ≤ 1/2 (n &lt; 2⁵¹): that is <see cref="SumError"/>.
/// </summary>
public static class RoundingError
{
    /// <summary>The unit roundoff of float64, u = 2⁻⁵³.</summary>
    public const double Unit = 1.0 / (1L << 53);

    /// <summary>An upper bound on a real whose float64 value <paramref name="computed"/> came from one rounding.</summary>
    public static double Up(double computed) => Math.BitIncrement(computed);

    /// <summary>A lower bound on a real whose float64 value <paramref name="computed"/> came from one rounding.</summary>
    public static double Down(double computed) => Math.BitDecrement(computed);

    /// <summary>
    /// An upper bound on the exact a + b: the float sum, one ulp up unless TwoSum's error term
    /// (exact in round-to-nearest, Knuth) says the sum was exact or rounded up already.
    /// </summary>
    public static double AddUp(double a, double b)
    {
        var s = a + b;
        return !double.IsFinite(s) || SumResidual(a, b, s) > 0 ? Up(s) : s;
    }

    /// <summary>A lower bound on the exact a + b (see <see cref="AddUp"/>).</summary>
    public static double AddDown(double a, double b)
    {
        var s = a + b;
        return !double.IsFinite(s) || SumResidual(a, b, s) < 0 ? Down(s) : s;
    }

    /// <summary>
    /// An upper bound on the exact a·b: the float product, one ulp up unless the fused
    /// multiply-add residual a·b − p (exact while p is far above the subnormal range) shows the
    /// product exact or rounded up already. Near underflow the residual may round, so it bumps.
    /// </summary>
    public static double MultiplyUp(double a, double b)
    {
        var p = a * b;
        return !IsExactProduct(a, b, p) && (Math.Abs(p) < ExactResidualFloor || !double.IsFinite(p) || Math.FusedMultiplyAdd(a, b, -p) > 0) ? Up(p) : p;
    }

    /// <summary>A lower bound on the exact a·b (see <see cref="MultiplyUp"/>).</summary>
    public static double MultiplyDown(double a, double b)
    {
        var p = a * b;
        return !IsExactProduct(a, b, p) && (Math.Abs(p) < ExactResidualFloor || !double.IsFinite(p) || Math.FusedMultiplyAdd(a, b, -p) < 0) ? Down(p) : p;
    }

    /// <summary>A product by zero or by ±1 is exact whatever the size of the other factor.</summary>
    private static bool IsExactProduct(double a, double b, double p) =>
        double.IsFinite(p) && (a == 0 || b == 0 || Math.Abs(a) == 1 || Math.Abs(b) == 1);

    /// <summary>2⁻⁹⁶⁰: above it the residual of a product is a float64 number (Boldo and Muller 2011), with margin.</summary>
    private const double ExactResidualFloor = 1.1e-289;

    /// <summary>(a + b) − fl(a + b), exactly for a finite sum (TwoSum).</summary>
    private static double SumResidual(double a, double b, double s)
    {
        var bb = s - a;
        return (a - (s - bb)) + (b - bb);
    }

    /// <summary>
    /// A float64 number ≥ 2γₙ = 2nu/(1 − nu) for any count n of an int: nu &lt; 2⁻²² and
    /// 1/(1 − nu) ≤ 1 + 2⁻¹², so n·2u·(1 + 2⁻¹²) bounds it, and both products are exact (n·2u
    /// scales by a power of two; n has at most 31 significant bits, 43 with the factor).
    /// </summary>
    public static double TwiceGamma(int n) => n * (2 * Unit) * (1 + (1.0 / 4096));

    /// <summary>
    /// A float64 number ≥ |ŝ − s| for a sum of <paramref name="terms"/> products or values
    /// accumulated by recursive summation, given <paramref name="magnitude"/>, the float64 sum
    /// of their magnitudes (or of any larger non-negative products) accumulated the same way:
    /// 2γₙ·M̂ + 2nη, each of its two operations rounded up.
    /// </summary>
    public static double SumError(double magnitude, int terms) =>
        Up(Up(TwiceGamma(terms) * magnitude) + (2.0 * terms * double.Epsilon));

    /// <summary>An upper bound on the exact sum of <paramref name="terms"/> non-negative terms whose float64 sum is <paramref name="computed"/>.</summary>
    public static double NonNegativeSumUp(double computed, int terms) => Up(computed + SumError(computed, terms));

    /// <summary>A lower bound, never below 0, on the exact sum of <paramref name="terms"/> non-negative terms whose float64 sum is <paramref name="computed"/>.</summary>
    public static double NonNegativeSumDown(double computed, int terms) => Math.Max(0, Down(computed - SumError(computed, terms)));

    /// <summary>An upper bound on the exact norm of a vector of non-negative float64 entries (magnitudes).</summary>
    public static double NormUp(Norm norm, ReadOnlySpan<double> magnitudes)
    {
        double acc = 0;
        switch (norm)
        {
            case Norm.L1:
                foreach (var x in magnitudes)
                {
                    acc += x;
                }

                return NonNegativeSumUp(acc, magnitudes.Length);
            case Norm.L2:
                foreach (var x in magnitudes)
                {
                    acc += x * x;
                }

                // The square root is correctly rounded (IEEE 754) and monotone: one rounding more.
                return Up(Math.Sqrt(NonNegativeSumUp(acc, magnitudes.Length)));
            default:
                // A maximum of the entries themselves: no rounding.
                foreach (var x in magnitudes)
                {
                    acc = Math.Max(acc, x);
                }

                return acc;
        }
    }
}

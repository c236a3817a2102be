using ExactLip.Core;

namespace ExactLip.BranchAndBound;

/// <summary>
/// A certified upper bound on the ℓ2 operator norm (largest singular value) of every matrix whose
/// entries are bounded in magnitude by a given non-negative matrix: branch and bound's bound on
/// ‖J‖₂ over a sub-domain's interval Jacobian.
/// Implementation note: any J with
/// |J| ≤ M entry-wise has ‖J‖₂ ≤ ‖M‖₂ (‖Jx‖ ≤ ‖M|x|‖), and for the non-negative A = MᵀM the
/// Collatz–Wielandt inequality ρ(A) ≤ maxᵢ (Av)ᵢ / vᵢ holds for every positive v; power
/// iteration makes v nearly the Perron vector, so the bound is tight, and it stays certified
/// however far the iteration is from converged.
/// </summary>
public static class MagnitudeSpectralBound
{
    /// <summary>A certified upper bound on σ_max of every matrix whose entries are bounded in magnitude by <paramref name="magnitude"/>.</summary>
    public static double UpperBound(double[][] magnitude)
    {
        var m = magnitude.Length;
        var n = m == 0 ? 0 : magnitude[0].Length;
        if (m == 0 || n == 0)
        {
            return 0;
        }

        // v ← Mᵀ M v, starting from all ones (positive, so never orthogonal to the Perron vector).
        var v = new double[n];
        Array.Fill(v, 1.0);
        var mv = new double[m];
        var av = new double[n];
        for (var iteration = 0; iteration < 60; iteration++)
        {
            Apply(magnitude, v, mv, av);
            var max = av.Max();
            if (max <= 0)
            {
                return 0;
            }

            for (var i = 0; i < n; i++)
            {
                // Keep v strictly positive: the inequality needs it, and a zero would hide a column.
                v[i] = Math.Max(av[i] / max, 1e-9);
            }
        }

        // The inequality holds for the float64 v as it is; only MᵀM v must be bounded from above.
        ApplyUp(magnitude, v, mv, av);
        double ratio = 0;
        for (var i = 0; i < n; i++)
        {
            ratio = Math.Max(ratio, RoundingError.Up(av[i] / v[i]));
        }

        // Each division and the square root round once (IEEE 754 correctly rounded): outward.
        return RoundingError.Up(Math.Sqrt(ratio));
    }

    /// <summary>
    /// Upper bounds on M v and Mᵀ(M v) for non-negative M and v: every sum has non-negative
    /// terms, so rounding its float value up by its error bound (<see cref="RoundingError.NonNegativeSumUp"/>)
    /// bounds the exact sum, and Mᵀ applied to an upper bound on M v stays an upper bound.
    /// </summary>
    private static void ApplyUp(double[][] mag, double[] v, double[] mv, double[] av)
    {
        Apply(mag, v, mv, av);
        for (var r = 0; r < mv.Length; r++)
        {
            mv[r] = RoundingError.NonNegativeSumUp(mv[r], v.Length);
        }

        Array.Clear(av);
        for (var r = 0; r < mag.Length; r++)
        {
            var row = mag[r];
            for (var i = 0; i < av.Length; i++)
            {
                av[i] += row[i] * mv[r];
            }
        }

        for (var i = 0; i < av.Length; i++)
        {
            av[i] = RoundingError.NonNegativeSumUp(av[i], mag.Length);
        }
    }

    private static void Apply(double[][] mag, double[] v, double[] mv, double[] av)
    {
        for (var r = 0; r < mag.Length; r++)
        {
            double s = 0;
            var row = mag[r];
            for (var i = 0; i < v.Length; i++)
            {
                s += row[i] * v[i];
            }

            mv[r] = s;
        }

        Array.Clear(av);
        for (var r = 0; r < mag.Length; r++)
        {
            var row = mag[r];
            for (var i = 0; i < av.Length; i++)
            {
                av[i] += row[i] * mv[r];
            }
        }
    }
}

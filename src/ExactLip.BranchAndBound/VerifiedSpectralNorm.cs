using ExactLip.Core;
using ExactLip.Mip.Solving;

namespace ExactLip.BranchAndBound;

/// <summary>
/// A proven upper bound on the spectral norm ‖J‖₂ of every matrix within an entry-wise radius of
/// a float64 matrix: the bound a closed sub-domain of ‖J‖₂→₂ needs, where the interval bound of
/// <see cref="MagnitudeSpectralBound"/> is not tight.
/// Implementation note: ‖J‖₂ ≤ ‖J̃‖₂ + ‖E‖₂ ≤ ‖J̃‖₂ + ‖E‖_F for J = J̃ + E. For the centre J̃ (float64
/// entries, so exact rationals) a candidate s from its computed norm is proven by showing
/// s²·I − J̃J̃ᵀ positive definite: every pivot of its LDLᵀ factorisation, computed exactly in
/// rational arithmetic, is positive. The matrix is outputs × outputs, small for the networks whose
/// ‖J‖₂→₂ branch and bound measures.
/// </summary>
internal static class VerifiedSpectralNorm
{
    /// <summary>Rows up to which the exact check is tried; larger ones keep the interval bound.</summary>
    private const int MaxRows = 16;

    /// <returns>An upper bound on ‖J‖₂ over |J − centre| ≤ radius, or null when it could not be proven.</returns>
    public static double? UpperBound(double[][] centre, double[][] radius, double estimate)
    {
        var m = centre.Length;
        if (m == 0 || m > MaxRows || !double.IsFinite(estimate))
        {
            return null;
        }

        double frobenius = 0;
        var terms = 0;
        foreach (var row in radius)
        {
            foreach (var r in row)
            {
                frobenius += r * r;
                terms++;
            }
        }

        var perturbation = RoundingError.Up(Math.Sqrt(RoundingError.NonNegativeSumUp(frobenius, terms)));
        var gram = Gram(centre);
        foreach (var widening in new[] { 1e-12, 1e-9, 1e-6 })
        {
            var s = Math.BitIncrement(estimate * (1 + widening));
            if (PositiveDefinite(gram, Rational.From(s) * Rational.From(s)))
            {
                return Math.BitIncrement(s + perturbation);
            }
        }

        return null;
    }

    /// <summary>J̃J̃ᵀ in exact rationals.</summary>
    private static Rational[,] Gram(double[][] j)
    {
        var m = j.Length;
        var rows = j.Select(r => r.Select(Rational.From).ToArray()).ToArray();
        var gram = new Rational[m, m];
        for (var a = 0; a < m; a++)
        {
            for (var b = 0; b <= a; b++)
            {
                var sum = Rational.Zero;
                for (var k = 0; k < rows[a].Length; k++)
                {
                    if (!rows[a][k].IsZero && !rows[b][k].IsZero)
                    {
                        sum += rows[a][k] * rows[b][k];
                    }
                }

                gram[a, b] = sum;
                gram[b, a] = sum;
            }
        }

        return gram;
    }

    /// <summary>True when s·I − G is positive definite: every pivot of its exact LDLᵀ is positive.</summary>
    private static bool PositiveDefinite(Rational[,] gram, Rational s)
    {
        var m = gram.GetLength(0);
        var a = new Rational[m, m];
        for (var i = 0; i < m; i++)
        {
            for (var k = 0; k < m; k++)
            {
                a[i, k] = (i == k ? s : Rational.Zero) - gram[i, k];
            }
        }

        for (var p = 0; p < m; p++)
        {
            if (a[p, p].Sign <= 0)
            {
                return false;
            }

            for (var i = p + 1; i < m; i++)
            {
                if (a[i, p].IsZero)
                {
                    continue;
                }

                var factor = a[i, p] / a[p, p];
                for (var k = p; k < m; k++)
                {
                    a[i, k] -= factor * a[p, k];
                }
            }
        }

        return true;
    }
}

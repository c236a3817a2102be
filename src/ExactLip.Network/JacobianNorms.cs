using ExactLip.Core;

namespace ExactLip.Network;

/// <summary>
/// Operator norms of a Jacobian at one point (rows are outputs): the one routine every engine and
/// estimator measures ‖J(x)‖_{p→r} with, each value with output weights c that attain it.
/// Implementation note: ‖J‖_{p→r} = max over ‖c‖_{r*} ≤ 1 of ‖Jᵀc‖_{p*}, so returning the c
/// that attains a value lets a caller re-measure it rigorously at a proven point
/// (WitnessProof: ‖Jᵀc‖_{p*}/‖c‖_{r*} rounded down) instead of trusting this float64 value. Every
/// value here is attained by its c: exact for row, column and entry maxima and up to
/// <see cref="ExactSignEnumerationLimit"/> signs, a local-search value beyond, and the spectral
/// norm accurate to rounding (<see cref="JacobiSpectralNorm"/>).
/// </summary>
public static class JacobianNorms
{
    /// <summary>Exact up to this many outputs; beyond, a lower bound by local search over signs.</summary>
    public const int ExactSignEnumerationLimit = 20;

    /// <summary>‖J‖_{p→r} and output weights c (‖c‖_{r*} = 1 up to rounding, or a sign vector for r = ℓ1) that attain it.</summary>
    public static (double Value, double[] C) OperatorNorm(double[][] jacobian, Norm p, Norm r)
    {
        ArgumentNullException.ThrowIfNull(jacobian);
        var dual = p.Dual();
        if (r == Norm.Linf)
        {
            return LargestRow(jacobian, dual);
        }

        if (r == Norm.L1)
        {
            return DualBoxMaximiser(jacobian, dual);
        }

        // r = ℓ2 from here on.
        if (p == Norm.L1)
        {
            return LargestColumn(jacobian);
        }

        if (p == Norm.Linf)
        {
            // ‖J‖_{∞→2} = ‖Jᵀ‖_{2→1}: the best sign vector s of the inputs, attained by c = Js/‖Js‖₂.
            var (value, s) = DualBoxMaximiser(Transpose(jacobian), Norm.L2);
            var js = jacobian.Select(row => Dot(row, s)).ToArray();
            return (value, value > 0 ? js.Select(v => v / value).ToArray() : js);
        }

        return JacobiSpectralNorm.Exact(jacobian);
    }

    /// <summary>max over rows of the row's <paramref name="norm"/>, attained by that row's basis vector.</summary>
    private static (double Value, double[] C) LargestRow(double[][] jacobian, Norm norm)
    {
        var m = jacobian.Length;
        var best = 0;
        double value = 0;
        for (var row = 0; row < m; row++)
        {
            var v = norm.Of(jacobian[row]);
            if (v > value)
            {
                value = v;
                best = row;
            }
        }

        var e = new double[m];
        if (m > 0)
        {
            e[best] = 1;
        }

        return (value, e);
    }

    /// <summary>‖J‖_{1→2}: the largest column ℓ2 norm, attained by the normalised column.</summary>
    private static (double Value, double[] C) LargestColumn(double[][] jacobian)
    {
        var m = jacobian.Length;
        var n = m == 0 ? 0 : jacobian[0].Length;
        double value = 0;
        var best = new double[m];
        for (var i = 0; i < n; i++)
        {
            var column = new double[m];
            for (var row = 0; row < m; row++)
            {
                column[row] = jacobian[row][i];
            }

            var v = Norm.L2.Of(column);
            if (v > value)
            {
                value = v;
                best = column.Select(x => x / v).ToArray();
            }
        }

        return (value, best);
    }

    private static double[][] Transpose(double[][] j)
    {
        var n = j.Length == 0 ? 0 : j[0].Length;
        return Enumerable.Range(0, n).Select(i => j.Select(row => row[i]).ToArray()).ToArray();
    }

    private static double Dot(double[] a, double[] b)
    {
        double s = 0;
        for (var i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    /// <summary>
    /// max over c in [−1, 1]^m of ‖Jᵀc‖ in <paramref name="gradientNorm"/>: ‖J‖_{∞→1} for ℓ1
    /// (a maximum over sign vectors) and ‖J‖_{1→1} (the largest absolute column sum) for ℓ∞.
    /// </summary>
    /// <returns>The value and a sign vector c that attains it.</returns>
    public static (double Value, double[] C) DualBoxMaximiser(double[][] jacobian, Norm gradientNorm)
    {
        var m = jacobian.Length;
        var n = m == 0 ? 0 : jacobian[0].Length;
        if (gradientNorm == Norm.Linf)
        {
            double best = 0;
            var bestColumn = 0;
            for (var i = 0; i < n; i++)
            {
                double sum = 0;
                for (var j = 0; j < m; j++)
                {
                    sum += Math.Abs(jacobian[j][i]);
                }

                if (sum > best)
                {
                    best = sum;
                    bestColumn = i;
                }
            }

            var column = new double[m];
            for (var j = 0; j < m; j++)
            {
                column[j] = jacobian[j][bestColumn] >= 0 ? 1 : -1;
            }

            return (best, column);
        }

        // ℓ1: the objective is convex in c, so the maximum is at a sign vector; c and −c agree.
        var signs = new double[m];
        Array.Fill(signs, 1.0);
        if (m <= ExactSignEnumerationLimit)
        {
            double best = -1;
            var bestSigns = (double[])signs.Clone();
            var count = m == 0 ? 1 : 1L << (m - 1);
            for (long mask = 0; mask < count; mask++)
            {
                for (var j = 0; j < m; j++)
                {
                    signs[j] = ((mask >> j) & 1) == 0 ? 1 : -1;
                }

                var v = SignedNorm(jacobian, signs, gradientNorm);
                if (v > best)
                {
                    best = v;
                    Array.Copy(signs, bestSigns, m);
                }
            }

            return (Math.Max(best, 0), bestSigns);
        }

        // Many outputs: single-flip local search from all-ones; still a value actually attained.
        var current = SignedNorm(jacobian, signs, gradientNorm);
        bool improved;
        do
        {
            improved = false;
            for (var j = 0; j < m; j++)
            {
                signs[j] = -signs[j];
                var v = SignedNorm(jacobian, signs, gradientNorm);
                if (v > current)
                {
                    current = v;
                    improved = true;
                }
                else
                {
                    signs[j] = -signs[j];
                }
            }
        }
        while (improved);
        return (current, signs);
    }

    /// <summary>‖Jᵀc‖ in the given norm.</summary>
    public static double SignedNorm(double[][] jacobian, ReadOnlySpan<double> c, Norm norm)
    {
        var n = jacobian.Length == 0 ? 0 : jacobian[0].Length;
        var v = new double[n];
        for (var j = 0; j < jacobian.Length; j++)
        {
            for (var i = 0; i < n; i++)
            {
                v[i] += c[j] * jacobian[j][i];
            }
        }

        return norm.Of(v);
    }
}

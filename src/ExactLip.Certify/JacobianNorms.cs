using ExactLip.Core;

namespace ExactLip.Certify;

/// <summary>Operator norms of a Jacobian at one point (rows are outputs).</summary>
public static class JacobianNorms
{
    /// <summary>Exact up to this many outputs; beyond, a lower bound by local search over signs.</summary>
    public const int ExactSignEnumerationLimit = 20;

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

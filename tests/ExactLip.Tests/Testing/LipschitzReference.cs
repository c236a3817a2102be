using ExactLip.Core;

namespace ExactLip.Tests;

/// <summary>
/// Reference values of each quantity from a set of region Jacobians (rows are outputs), computed
/// straight from the definitions in docs/certify.md with no code shared with the certifier.
/// </summary>
public static class LipschitzReference
{
    /// <summary>max over regions of ‖Jᵀc‖ in the dual of the input norm.</summary>
    public static double Scalar(IEnumerable<double[][]> jacobians, double[] c, Norm inputNorm) =>
        jacobians.Select(j => VectorNorm(Combine(j, c), inputNorm.Dual())).DefaultIfEmpty(0).Max();

    /// <summary>max over regions of ‖J‖_{p→r} for p, r in {ℓ1, ℓ2, ℓ∞} except ℓ∞→ℓ2.</summary>
    public static double Operator(IEnumerable<double[][]> jacobians, Norm p, Norm r) =>
        jacobians.Select(j => OperatorNorm(j, p, r)).DefaultIfEmpty(0).Max();

    public static double OperatorNorm(double[][] j, Norm p, Norm r)
    {
        var m = j.Length;
        var n = j[0].Length;
        return (p, r) switch
        {
            (Norm.Linf, Norm.Linf) => Enumerable.Range(0, m).Max(row => j[row].Sum(Math.Abs)),
            (Norm.L1, Norm.L1) => Enumerable.Range(0, n).Max(col => Enumerable.Range(0, m).Sum(row => Math.Abs(j[row][col]))),
            (Norm.L1, Norm.Linf) => j.SelectMany(row => row).Max(Math.Abs),
            (Norm.Linf, Norm.L1) => SignVectors(m).Max(s => VectorNorm(Combine(j, s), Norm.L1)),
            (Norm.L2, Norm.L1) => SignVectors(m).Max(s => VectorNorm(Combine(j, s), Norm.L2)),
            (Norm.L2, Norm.Linf) => j.Max(row => VectorNorm(row, Norm.L2)),
            (Norm.L1, Norm.L2) => Enumerable.Range(0, n).Max(col => Math.Sqrt(Enumerable.Range(0, m).Sum(row => j[row][col] * j[row][col]))),
            (Norm.L2, Norm.L2) => Spectral(j),
            _ => throw new NotSupportedException(),
        };
    }

    /// <summary>
    /// The largest singular value: for two rows from the 2×2 Gram matrix in closed form
    /// ((a + c)/2 + √(((a − c)/2)² + b²)), otherwise by long power iteration on JᵀJ.
    /// </summary>
    public static double Spectral(double[][] j)
    {
        var n = j[0].Length;
        if (j.Length == 1)
        {
            return VectorNorm(j[0], Norm.L2);
        }

        if (j.Length == 2)
        {
            double a = j[0].Sum(x => x * x), c = j[1].Sum(x => x * x), b = j[0].Zip(j[1], (x, y) => x * y).Sum();
            return Math.Sqrt(((a + c) / 2) + Math.Sqrt((((a - c) / 2) * ((a - c) / 2)) + (b * b)));
        }

        var v = Enumerable.Range(0, n).Select(i => 1.0 + (0.1 * i)).ToArray();
        double sigma = 0;
        for (var it = 0; it < 5000; it++)
        {
            var jv = j.Select(row => row.Zip(v, (x, y) => x * y).Sum()).ToArray();
            var w = Enumerable.Range(0, n).Select(i => Enumerable.Range(0, j.Length).Sum(r => j[r][i] * jv[r])).ToArray();
            var norm = VectorNorm(w, Norm.L2);
            if (norm == 0)
            {
                return 0;
            }

            v = w.Select(x => x / norm).ToArray();
            sigma = Math.Sqrt(norm);
        }

        return sigma;
    }

    private static IEnumerable<double[]> SignVectors(int m)
    {
        for (long mask = 0; mask < 1L << m; mask++)
        {
            yield return Enumerable.Range(0, m).Select(b => ((mask >> b) & 1) == 0 ? 1.0 : -1.0).ToArray();
        }
    }

    private static double[] Combine(double[][] j, double[] c)
    {
        var n = j[0].Length;
        var v = new double[n];
        for (var row = 0; row < j.Length; row++)
        {
            for (var i = 0; i < n; i++)
            {
                v[i] += c[row] * j[row][i];
            }
        }

        return v;
    }

    private static double VectorNorm(double[] v, Norm norm) => norm switch
    {
        Norm.L1 => v.Sum(Math.Abs),
        Norm.Linf => v.Max(Math.Abs),
        _ => Math.Sqrt(v.Sum(x => x * x)),
    };
}

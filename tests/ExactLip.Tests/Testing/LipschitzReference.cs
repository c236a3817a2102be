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

    /// <summary>max over regions of ‖J‖_{p→r} for p, r in {ℓ1, ℓ∞}.</summary>
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
            _ => throw new NotSupportedException(),
        };
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

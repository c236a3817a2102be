using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Network;

namespace ExactLip.Estimators;

/// <summary>
/// The quantity's integrand at one point — ‖∇(cᵀf)(x)‖_{p*} or ‖J(x)‖_{p→r} — as a value that
/// is actually attained (a lower bound on the true constant when x is inside a linear region).
/// Implementation note: every operator norm here is either exact (row, column and entry maxima;
/// sign enumeration for up to 20 rows or columns) or the norm of J at a concrete vector (power
/// iteration for ‖J‖₂, sign local search for many rows), so the value never exceeds ‖J(x)‖.
/// A point counts only when it is proven to lie inside an activation region
/// (<see cref="InteriorPoint"/>: every ReLU input nonzero beyond its rounding error), else null:
/// on a kink the evaluator's ReLU′(0) = 0 need not be the gradient of any open region. The value
/// is then rounded down by the gradient's error bound, so it is a lower bound in exact arithmetic.
/// </summary>
public static class PointNorms
{
    public static double? ValueAt(NeuralNetwork network, ReadOnlySpan<double> x, LipschitzQuantity quantity)
    {
        if (InteriorPoint.TryProve(network, x) is not { } point)
        {
            return null;
        }

        if (quantity.C is { } c)
        {
            return point.GradientNormLowerBound(c, quantity.GradientNorm);
        }

        // ‖J‖ ≥ ‖J̃‖ − ‖E‖ for the computed J̃ and its error E, and ‖E‖_{p→r} ≤ Σ|Eⱼᵢ|.
        var m = network.OutputSize;
        var jacobian = new double[m][];
        double error = 0;
        var e = new double[m];
        for (var j = 0; j < m; j++)
        {
            e[j] = 1;
            (jacobian[j], var rowError) = point.Gradient(e);
            error += rowError.Sum();
            e[j] = 0;
        }

        var n = network.InputSize;
        var attained = RoundingError.NonNegativeSumDown(Attained(jacobian, quantity.InputNorm, quantity.OutputNorm), (m * n) + 16);
        return Math.Max(0, Math.BitDecrement(attained - RoundingError.NonNegativeSumUp(error, m * n)));
    }

    /// <summary>A value ≤ ‖J‖_{p→r} attained by J (exact in most cases, see the type's note).</summary>
    public static double Attained(double[][] j, Norm p, Norm r)
    {
        var m = j.Length;
        var n = m == 0 ? 0 : j[0].Length;
        if (m == 0 || n == 0)
        {
            return 0;
        }

        if (p == Norm.L1)
        {
            // The largest column r-norm.
            return Enumerable.Range(0, n).Max(i => r.Of(Enumerable.Range(0, m).Select(row => j[row][i]).ToArray()));
        }

        if (r == Norm.Linf)
        {
            return j.Max(row => p.Dual().Of(row));
        }

        return (p, r) switch
        {
            (Norm.Linf, Norm.L1) => JacobianNorms.DualBoxMaximiser(j, Norm.L1).Value,
            (Norm.L2, Norm.L1) => JacobianNorms.DualBoxMaximiser(j, Norm.L2).Value,
            (Norm.Linf, Norm.L2) => JacobianNorms.DualBoxMaximiser(Transpose(j), Norm.L2).Value,
            _ => SpectralNorm.PowerIteration(LinearMap.Of(Network.SparseMatrix.FromDense(m, n, j.SelectMany(row => row).ToArray()), new double[m])),
        };
    }

    private static double[][] Transpose(double[][] j)
    {
        var n = j[0].Length;
        return Enumerable.Range(0, n).Select(i => j.Select(row => row[i]).ToArray()).ToArray();
    }

    /// <summary>A uniform random point of the box.</summary>
    public static double[] Sample(Box box, Random rng)
    {
        var x = new double[box.Dimension];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = box.Lo(i) + (rng.NextDouble() * box.Width(i));
        }

        return x;
    }
}

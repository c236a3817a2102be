using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Network;

namespace ExactLip.Estimators;

/// <summary>
/// The quantity's integrand at one point — ‖∇(cᵀf)(x)‖_{p*} or ‖J(x)‖_{p→r} — as a value that
/// is actually attained (a lower bound on the true constant).
/// Implementation note: the engines' own gate, <see cref="WitnessProof"/>: a point counts only
/// when it is proven to lie inside an activation region (on a kink the evaluator's ReLU′(0) = 0
/// need not be the gradient of any open region), and the value is ‖Jᵀc‖_{p*}/‖c‖_{r*} for the
/// output weights c that attain the operator norm (<see cref="JacobianNorms.OperatorNorm"/>),
/// rounded down by its error bounds, so it is a lower bound in exact arithmetic.
/// </summary>
public static class PointNorms
{
    /// <summary>The proven value at x, or null when x is not proven to lie inside an activation region.</summary>
    public static double? ValueAt(NeuralNetwork network, ReadOnlySpan<double> x, LipschitzQuantity quantity)
    {
        ArgumentNullException.ThrowIfNull(quantity);
        var point = x.ToArray();
        var c = quantity.C ?? quantity.ValueAt(network, point).C;
        return WitnessProof.At(network, quantity, point, c)?.Value;
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

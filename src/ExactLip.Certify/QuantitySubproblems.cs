using ExactLip.Core;
using ExactLip.Encoding;
using ExactLip.Network;

namespace ExactLip.Certify;

/// <summary>
/// How the MIP path measures a <see cref="LipschitzQuantity"/>: the sub-problems (one MIP each)
/// whose largest value is the quantity, and the integrand's exact value at a point.
/// </summary>
public static class QuantitySubproblems
{
    /// <summary>The independent sub-problems whose largest value is the quantity.</summary>
    public static IReadOnlyList<OutputWeights> Subproblems(this LipschitzQuantity quantity, int outputs)
    {
        if (quantity.C is { } c)
        {
            Preconditions.Length(c.Length, outputs, "The output weights c");
            return new[] { OutputWeights.Vector(c) };
        }

        if (quantity.InputNorm == Norm.L2 || quantity.OutputNorm == Norm.L2)
        {
            throw new ExactLipException("The MIP path measures ℓ1 and ℓ∞ norms only; ℓ2 is not polyhedral.");
        }

        return quantity.OutputNorm == Norm.Linf
            ? Enumerable.Range(0, outputs).Select(j => OutputWeights.Basis(outputs, j)).ToArray()
            : new[] { OutputWeights.UnitBox(outputs) };
    }

    /// <summary>
    /// The integrand of one sub-problem at one point, from the plain evaluator: ‖∇(cᵀf)(x)‖ for a
    /// fixed c, and for box weights (the operator norm with ℓ1 output, whose only sub-problem is
    /// the box) the quantity's own value (<see cref="LipschitzQuantity.ValueAt"/>).
    /// </summary>
    /// <returns>The value and the output weights c that attain it (a vertex of the box for box weights).</returns>
    public static (double Value, double[] C) ValueAt(this LipschitzQuantity quantity, NeuralNetwork network, ReadOnlySpan<double> x, OutputWeights weights)
    {
        if (weights.Fixed is { } c)
        {
            return (quantity.GradientNorm.Of(network.Gradient(x, c)), c);
        }

        return quantity.ValueAt(network, x);
    }
}

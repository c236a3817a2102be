using ExactLip.Core;
using ExactLip.Encoding;
using ExactLip.Network;

namespace ExactLip.Certify;

/// <summary>
/// What is being measured: the Lipschitz constant of the scalar g = cᵀf (the dual norm of its
/// gradient), or of the vector map f as the operator norm ‖J‖_{p→r}.
/// Implementation note: ‖J‖_{p→r} = sup over ‖c‖_{r*} ≤ 1 of ‖Jᵀc‖_{p*}. For r = ℓ∞ the dual
/// ball is the cross-polytope, whose vertices ±e_j give one MIP per output row (each with an
/// exact, tight c); for r = ℓ1 it is the box [−1, 1]^m, encoded as continuous weights in one
/// MIP. Both are exact because the objective is convex in c.
/// </summary>
public sealed class LipschitzQuantity
{
    private LipschitzQuantity(Norm inputNorm, double[]? c, Norm outputNorm)
    {
        InputNorm = inputNorm;
        C = c;
        OutputNorm = outputNorm;
    }

    public Norm InputNorm { get; }

    /// <summary>The output weights of a scalar quantity, or null for an operator norm.</summary>
    public double[]? C { get; }

    /// <summary>The output norm of an operator norm (ignored for a scalar quantity).</summary>
    public Norm OutputNorm { get; }

    public bool IsScalar => C is not null;

    public static LipschitzQuantity Scalar(Norm inputNorm, double[] c)
    {
        Preconditions.AllFinite(c, "The output weights --c");
        return new LipschitzQuantity(inputNorm, (double[])c.Clone(), inputNorm);
    }

    public static LipschitzQuantity Operator(Norm inputNorm, Norm outputNorm) => new(inputNorm, null, outputNorm);

    /// <summary>The norm of the input gradient the objective measures.</summary>
    public Norm GradientNorm => InputNorm.Dual();

    /// <summary>A short description for people, e.g. "‖J‖ linf→linf".</summary>
    public string Describe() => IsScalar
        ? $"‖∇(cᵀf)‖_{GradientNorm.Name()} ({InputNorm.Name()} input)"
        : $"‖J‖_{InputNorm.Name()}→{OutputNorm.Name()}";

    /// <summary>The independent sub-problems whose largest value is the quantity.</summary>
    public IReadOnlyList<OutputWeights> Subproblems(int outputs)
    {
        if (C is { } c)
        {
            Preconditions.Length(c.Length, outputs, "The output weights --c");
            return new[] { OutputWeights.Vector(c) };
        }

        if (InputNorm == Norm.L2 || OutputNorm == Norm.L2)
        {
            throw new ExactLipException("The MIP path measures ℓ1 and ℓ∞ norms only; ℓ2 is not polyhedral.");
        }

        return OutputNorm == Norm.Linf
            ? Enumerable.Range(0, outputs).Select(j => OutputWeights.Basis(outputs, j)).ToArray()
            : new[] { OutputWeights.UnitBox(outputs) };
    }

    /// <summary>
    /// The exact value of the quantity's integrand at one point, from the plain evaluator:
    /// ‖∇(cᵀf)(x)‖ for a scalar, ‖J(x)‖_{p→r} for an operator norm.
    /// </summary>
    /// <returns>The value and the output weights c that attain it (a vertex of the box for box weights).</returns>
    public (double Value, double[] C) ValueAt(NeuralNetwork network, ReadOnlySpan<double> x, OutputWeights weights)
    {
        if (weights.Fixed is { } c)
        {
            return (GradientNorm.Of(network.Gradient(x, c)), c);
        }

        return JacobianNorms.DualBoxMaximiser(network.Jacobian(x), GradientNorm);
    }
}

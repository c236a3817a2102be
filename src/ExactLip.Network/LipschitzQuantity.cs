using ExactLip.Core;

namespace ExactLip.Network;

/// <summary>
/// What is being measured: the Lipschitz constant of the scalar g = cᵀf (the dual norm of its
/// gradient), or of the vector map f as the operator norm ‖J‖_{p→r}. It lives beside the network
/// and the norms, so that the encoder, the engines and the estimators all read one definition;
/// how the MIP path splits it into sub-problems is in ExactLip.Certify (QuantitySubproblems).
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
        Preconditions.AllFinite(c, "The output weights c");
        return new LipschitzQuantity(inputNorm, (double[])c.Clone(), inputNorm);
    }

    public static LipschitzQuantity Operator(Norm inputNorm, Norm outputNorm) => new(inputNorm, null, outputNorm);

    /// <summary>The norm of the input gradient the objective measures.</summary>
    public Norm GradientNorm => InputNorm.Dual();

    /// <summary>
    /// The integrand at one point by the plain float64 evaluator — ‖∇(cᵀf)(x)‖_{p*} for a scalar,
    /// ‖J(x)‖_{p→r} for an operator norm (<see cref="JacobianNorms.OperatorNorm"/>) — with the
    /// output weights that attain it. A plain value, not a bound: a point counts for a lower
    /// bound only through a proof at the point (WitnessProof).
    /// </summary>
    public (double Value, double[] C) ValueAt(NeuralNetwork network, ReadOnlySpan<double> x)
    {
        ArgumentNullException.ThrowIfNull(network);
        return C is { } c
            ? (GradientNorm.Of(network.Gradient(x, c)), c)
            : JacobianNorms.OperatorNorm(network.Jacobian(x), InputNorm, OutputNorm);
    }

    /// <summary>A short description for people, e.g. "‖J‖ linf→linf".</summary>
    public string Describe() => IsScalar
        ? $"‖∇(cᵀf)‖_{GradientNorm.Name()} ({InputNorm.Name()} input)"
        : $"‖J‖_{InputNorm.Name()}→{OutputNorm.Name()}";
}

using System.Diagnostics;
using ExactLip.Bounds;
using ExactLip.Core;
using ExactLip.Network;
using ExactLip.Network.Relaxation;

namespace ExactLip.Estimators.Methods;

/// <summary>
/// FastLip (Weng et al. 2018): interval bounds on the Jacobian over the box, each unstable
/// neuron's derivative in [0, 1], pre-activation bounds by CROWN-style propagation; a certified
/// local upper bound in any norm.
/// Implementation note: for the scalar cᵀf the value is ‖max(|lo|, |hi|)‖ of the input-gradient
/// interval (<see cref="NetworkBounds.GradientNormUpperBound"/>). For an operator norm, every
/// Jacobian J on the box satisfies |J| ≤ M entrywise with M the row-by-row magnitude bound
/// (one backward interval pass per output), so ‖J‖_{p→r} ≤ ‖M‖_{p→r}, bounded by
/// <see cref="OperatorNormBound"/>.
/// </summary>
public sealed class FastLipEstimator : ILipschitzEstimator
{
    public string Name => "fastlip";

    public string Summary => "interval bounds on the Jacobian over the box (certified local upper bound)";

    public string? Refusal(EstimationProblem problem) => null;

    public Estimate Run(EstimationProblem problem, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var network = problem.Simplified;
        var quantity = problem.Quantity;
        var acts = BoundPropagation.Forward(network, problem.Box, BoundsMethod.Crown);
        double value;
        if (quantity.C is { } c)
        {
            var bounds = new NetworkBounds(network, BoundsMethod.Crown, acts, BoundPropagation.Backward(network, acts, Box.Point(c)));
            value = bounds.GradientNormUpperBound(quantity.GradientNorm);
        }
        else
        {
            var magnitude = MagnitudeBound(network, acts, cancellationToken);
            value = OperatorNormBound.Of(LinearMap.Of(magnitude, new double[magnitude.Rows]), quantity.InputNorm, quantity.OutputNorm, problem.Seed);
        }

        var unstable = NetworkBounds.CountUnstable(network, acts);
        return new Estimate(Name, EstimateKind.Upper, EstimateScope.Local, false, MeasuredNorm.Native(quantity), BoundsRounding.Up(value), clock.Elapsed.TotalSeconds, $"CROWN pre-activation bounds, {unstable} unstable neurons");
    }

    /// <summary>M with |J_ji(x)| ≤ M_ji for every x in the box (rows are outputs).</summary>
    public static SparseMatrix MagnitudeBound(NeuralNetwork network, Box[] activations, CancellationToken cancellationToken)
    {
        var m = network.OutputSize;
        var n = network.InputSize;
        var dense = new double[m * n];
        for (var j = 0; j < m; j++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var e = new double[m];
            e[j] = 1;
            var g = BoundPropagation.Backward(network, activations, Box.Point(e))[0];
            for (var i = 0; i < n; i++)
            {
                dense[(j * n) + i] = Math.Max(Math.Abs(g.Lo(i)), Math.Abs(g.Hi(i)));
            }
        }

        return SparseMatrix.FromDense(m, n, dense);
    }
}

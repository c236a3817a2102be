using System.Diagnostics;
using ExactLip.Core;

namespace ExactLip.Estimators.Methods;

/// <summary>
/// Avant &amp; Morgansen's affine-ReLU bound (2020), local and anchored: it bounds
/// sup ‖f(x) − f(x0)‖₂/‖x − x0‖₂ over the ℓ2 ball ‖x − x0‖₂ ≤ ε around the box centre x0, with ε
/// the distance to the box's corners (so the ball holds the box). It may legitimately sit below
/// the pairwise constant.
/// Implementation note: layer by layer, for z = ReLU(A x + b) with input mask D: y0 = A x0 + b,
/// ȳ_i = y0_i + ε‖a_iᵀD‖₂, r_i = 1 if y0_i ≥ 0, 0 if ȳ_i ≤ 0, else ȳ_i/(ȳ_i − y0_i); the layer's
/// bound is ‖diag(r)·A·D‖₂ (certified spectral norm), then ε ← L·ε, x0 ← ReLU(y0) and
/// D ← diag(1[ȳ &gt; 0]). A final affine layer contributes ‖A·D‖₂; the network bound is the
/// product. Other norms are reached by the √n / √m factors.
/// </summary>
public sealed class AvantMorgansenEstimator : ILipschitzEstimator
{
    public string Name => "avant-morgansen";

    public string Summary => "affine-ReLU bound around the box centre (certified local anchored ℓ2 upper bound)";

    public string? Refusal(EstimationProblem problem)
    {
        var chain = LayerChain.TryBuild(problem, Name, out var refusal);
        return chain is { HasNegativeSlope: true } ? LeakyRefusal : refusal;
    }

    /// <summary>Its ratios r_i and masks read a zero slope below the kink, which a LeakyRelu does not have.</summary>
    private const string LeakyRefusal = "avant-morgansen is defined for ReLU networks (its ratios assume the slope 0 below the kink), but this network has a LeakyRelu; use naive, autolip, fastlip or liplp for it.";

    public Estimate Run(EstimationProblem problem, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var chain = LayerChain.TryBuild(problem, Name, out var refusal) ?? throw new ExactLipException(refusal!);
        if (chain.HasNegativeSlope)
        {
            throw new ExactLipException(LeakyRefusal);
        }

        var x0 = problem.Box.Center();
        var eps = Norm.L2.Of(problem.Box.Radius());
        var value = Bound(chain.Maps, chain.EndsWithRelu, x0, eps, cancellationToken);
        var norm = MeasuredNorm.FromL2(problem.Quantity, problem.Inputs, problem.Outputs);
        return new Estimate(Name, EstimateKind.Upper, EstimateScope.Local, true, norm, value * norm.ConversionFactor, clock.Elapsed.TotalSeconds, $"anchored at the box centre, ℓ2 radius {eps:G6}");
    }

    /// <summary>
    /// The ℓ2 anchored bound of the chain M_0, ReLU, …, M_{K−1} (with a ReLU after the last map
    /// when <paramref name="endsWithRelu"/>) around <paramref name="x0"/> with radius <paramref name="eps"/>.
    /// </summary>
    public static double Bound(IReadOnlyList<LinearMap> maps, bool endsWithRelu, double[] x0, double eps, CancellationToken cancellationToken = default)
    {
        Preconditions.Finite(eps, "The radius");
        var x = (double[])x0.Clone();
        double[]? mask = null;
        double value = 1;
        for (var k = 0; k < maps.Count; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var a = mask is null ? maps[k] : maps[k].Scaled(null, mask);
            var reluFollows = k < maps.Count - 1 || endsWithRelu;
            if (!reluFollows)
            {
                value *= GramIterationSpectralNorm.Bound(a).Upper;
                break;
            }

            var y0 = new double[a.Rows];
            maps[k].Apply(x, y0);
            var ratio = new double[a.Rows];
            var nextMask = new double[a.Rows];
            for (var i = 0; i < a.Rows; i++)
            {
                y0[i] += maps[k].Bias[i];
                var rowNorm = Math.Sqrt(a.Matrix.Row(i).Sum(e => e.Value * e.Value));
                var yBar = y0[i] + (eps * rowNorm);
                ratio[i] = y0[i] >= 0 ? 1 : yBar <= 0 ? 0 : yBar / (yBar - y0[i]);
                nextMask[i] = yBar > 0 ? 1 : 0;
            }

            var layer = GramIterationSpectralNorm.Bound(a.Scaled(ratio, null)).Upper;
            value *= layer;
            eps *= layer;
            x = y0.Select(v => Math.Max(v, 0)).ToArray();
            mask = nextMask;
        }

        return value;
    }
}

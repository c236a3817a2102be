using System.Diagnostics;
using ExactLip.Bounds;
using ExactLip.Core;

namespace ExactLip.Estimators.Methods;

/// <summary>
/// The naive product of layer norms, ‖M_{K−1}‖_{p→r}·∏_{k&lt;K−1}‖M_k‖_{p→p} (ReLU is 1-Lipschitz
/// in every ℓp norm), a certified global upper bound in any of ℓ1, ℓ2, ℓ∞. The local variant
/// first drops neurons proven dead on the box (pre-activation upper bound ≤ 0 by CROWN-style
/// bounds): J = M_{k+1}·P·Λ·P·M_k for the projection P onto live neurons, so the rows of M_k and
/// the columns of M_{k+1} of dead neurons go, and the bound holds on the box. A LeakyRelu layer's
/// neurons are never dead (slope α below the kink), so its neurons all stay; the product is
/// still a bound, as the layer is 1-Lipschitz too (0 ≤ α &lt; 1).
/// </summary>
public sealed class NaiveEstimator : ILipschitzEstimator
{
    private readonly bool _local;

    public NaiveEstimator(bool local)
    {
        _local = local;
    }

    public string Name => _local ? "naive-local" : "naive";

    public string Summary => _local
        ? "product of layer operator norms without the neurons proven dead on the box (certified local upper bound)"
        : "product of layer operator norms (certified global upper bound)";

    public string? Refusal(EstimationProblem problem)
    {
        LayerChain.TryBuild(problem, Name, out var refusal);
        return refusal;
    }

    public Estimate Run(EstimationProblem problem, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var chain = LayerChain.TryBuild(problem, Name, out var refusal) ?? throw new ExactLipException(refusal!);
        var maps = chain.Maps.ToArray();
        var dropped = 0;
        if (_local)
        {
            var acts = BoundPropagation.Forward(problem.Simplified, problem.Box, BoundsMethod.Crown);
            for (var k = 0; k < maps.Length; k++)
            {
                var relu = chain.ReluLayerIndex[k];
                if (relu < 0 || ((Network.Layers.ReluLayer)problem.Simplified.Layers[relu]).NegativeSlope != 0)
                {
                    continue;
                }

                var pre = acts[relu];
                var live = Enumerable.Range(0, pre.Dimension).Select(i => pre.Hi(i) <= 0 ? 0.0 : 1.0).ToArray();
                dropped += live.Count(v => v == 0);
                maps[k] = maps[k].Scaled(live, null);
                if (k + 1 < maps.Length)
                {
                    maps[k + 1] = maps[k + 1].Scaled(null, live);
                }
            }
        }

        var quantity = problem.Quantity;
        var p = quantity.InputNorm;
        var r = quantity.IsScalar ? Norm.Linf : quantity.OutputNorm;
        double value = 1;
        for (var k = 0; k < maps.Length; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            value *= OperatorNormBound.Of(maps[k], p, k == maps.Length - 1 ? r : p, problem.Seed);
        }

        var detail = $"{maps.Length} layer norms in {p.Name()}" + (_local ? $", {dropped} dead neurons dropped" : string.Empty);
        return new Estimate(Name, EstimateKind.Upper, _local ? EstimateScope.Local : EstimateScope.Global, false, MeasuredNorm.Native(quantity), value, clock.Elapsed.TotalSeconds, detail);
    }
}

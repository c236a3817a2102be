using System.Diagnostics;
using ExactLip.Core;

namespace ExactLip.Estimators.Methods;

/// <summary>
/// AutoLip (Scaman &amp; Virmaux 2018): the product of the layers' spectral norms, a global ℓ2
/// upper bound, converted to other norms by the norm-equivalence factors (√n for an ℓ∞ input,
/// √m for an ℓ1 output) and still certified.
/// Implementation note: each spectral norm is found by power iteration through the layer's own
/// products (a convolution is never made dense) and finished with <see cref="GramIterationSpectralNorm"/>'s
/// certified Gram-iteration bound, since an unconverged power iterate is below σ_max.
/// </summary>
public sealed class AutoLipEstimator : ILipschitzEstimator
{
    public string Name => "autolip";

    public string Summary => "product of certified layer spectral norms (global ℓ2 upper bound, converted to other norms)";

    public string? Refusal(EstimationProblem problem)
    {
        LayerChain.TryBuild(problem, Name, out var refusal);
        return refusal;
    }

    public Estimate Run(EstimationProblem problem, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var chain = LayerChain.TryBuild(problem, Name, out var refusal) ?? throw new ExactLipException(refusal!);
        double certified = 1, power = 1;
        var methods = new HashSet<string>();
        foreach (var map in chain.Maps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var bound = GramIterationSpectralNorm.Bound(map, problem.Seed);
            certified *= bound.Upper;
            power *= bound.PowerIteration;
            methods.Add(bound.Method);
        }

        var norm = MeasuredNorm.FromL2(problem.Quantity, problem.Inputs, problem.Outputs);
        var detail = $"power iteration {power:G7}, certified by {string.Join(" and ", methods)}";
        return new Estimate(Name, EstimateKind.Upper, EstimateScope.Global, false, norm, certified * norm.ConversionFactor, clock.Elapsed.TotalSeconds, detail);
    }
}

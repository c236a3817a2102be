using System.Diagnostics;
using ExactLip.Bounds;
using ExactLip.Core;
using ExactLip.Encoding;
using ExactLip.Mip.Solving;

namespace ExactLip.Estimators.Methods;

/// <summary>
/// LipLP: the LP relaxation of the LipMIP model (every binary relaxed to [0, 1]) solved by the
/// MIP back end, one LP per sub-problem, the largest optimum taken. The relaxation contains every
/// point of the exact model, so its optimum is a certified local upper bound; it is ℓ1/ℓ∞ only,
/// like the MIP.
/// Implementation note: an LP optimum is only as exact as the solver's tolerances, so it is
/// widened by a relative and absolute 1e-6 (as in LP bound tightening). A solve that stops
/// without a dual bound falls back to the interval bound of the same sub-problem, which is also
/// certified, and says so.
/// </summary>
public sealed class LipLpEstimator : ILipschitzEstimator
{
    private const double Slack = 1e-6;

    public string Name => "liplp";

    public string Summary => "LP relaxation of the LipMIP model (certified local upper bound, ℓ1/ℓ∞)";

    public string? Refusal(EstimationProblem problem)
    {
        var q = problem.Quantity;
        if (q.InputNorm == Norm.L2 || (!q.IsScalar && q.OutputNorm == Norm.L2))
        {
            return "liplp relaxes the LipMIP model, which measures ℓ1 and ℓ∞ norms only (ℓ2 is not polyhedral); use autolip, seqlip or fastlip for ℓ2.";
        }

        return problem.LpSolver is null ? "liplp needs an LP back end; none was given." : null;
    }

    public Estimate Run(EstimationProblem problem, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var network = problem.Simplified;
        var quantity = problem.Quantity;
        var solver = problem.LpSolver ?? throw new ExactLipException(Refusal(problem)!);
        var acts = BoundPropagation.Forward(network, problem.Box, BoundsMethod.Crown);
        double value = 0;
        var fallbacks = 0;
        var subproblems = quantity.Subproblems(network.OutputSize);
        foreach (var weights in subproblems)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var bounds = new NetworkBounds(network, BoundsMethod.Crown, acts, BoundPropagation.Backward(network, acts, weights.Bounds()));
            var mip = LipMipEncoder.Encode(bounds, weights, quantity.InputNorm, "liplp");
            var left = problem.TimeLimit is { } limit ? limit - clock.Elapsed : (TimeSpan?)null;
            var outcome = solver.Solve(mip.Model.Relaxed(), new SolveOptions(TimeLimit: left is { } l && l > TimeSpan.FromSeconds(0.1) ? l : left is null ? null : TimeSpan.FromSeconds(0.1)), null, cancellationToken);
            var lp = outcome.Status == SolveStatus.Optimal ? outcome.Primal ?? outcome.Dual : outcome.Dual;
            var interval = bounds.GradientNormUpperBound(quantity.GradientNorm);
            if (lp is { } v && double.IsFinite(v))
            {
                value = Math.Max(value, Math.Min(v + (Slack * Math.Abs(v)) + Slack, interval));
            }
            else
            {
                value = Math.Max(value, interval);
                fallbacks++;
            }
        }

        var detail = $"{subproblems.Count} LP{(subproblems.Count == 1 ? string.Empty : "s")} with {solver.Name}" + (fallbacks > 0 ? $", {fallbacks} stopped without a bound (interval bound used)" : string.Empty);
        return new Estimate(Name, EstimateKind.Upper, EstimateScope.Local, false, MeasuredNorm.Native(quantity), value, clock.Elapsed.TotalSeconds, detail);
    }
}

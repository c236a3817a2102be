using ExactLip.Bounds;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Encoding;
using ExactLip.Mip;
using ExactLip.Mip.Solving;

namespace ExactLip.Estimators.Methods;

/// <summary>
/// LipLP: the LP relaxation of the LipMIP model (every binary relaxed to [0, 1]) solved by the
/// MIP back end, one LP per sub-problem, the largest optimum taken. The relaxation contains every
/// point of the exact model, so its optimum is a certified local upper bound; it is ℓ1/ℓ∞ only,
/// like the MIP.
/// Implementation note: an LP optimum is only as exact as the solver's tolerances, so it is
/// widened by a relative and absolute 1e-6 (as in LP bound tightening) and never taken above the
/// interval bound of the same sub-problem. An "optimal" solution is checked against the model
/// before its value is believed; without a trustworthy optimum the interval bound (also
/// certified) is used, and the detail says so. (Negligible coefficients, such as the float32
/// denormals weight decay leaves, are moved into the row sides by the model builder: GLPK's LP
/// presolver stopped 2.5% below the optimum on them.)
/// </summary>
public sealed class LipLpEstimator : ILipschitzEstimator
{
    private const double Slack = 1e-6;
    private const double ViolationTolerance = 1e-6;

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
        var clock = new RunClock(problem.TimeLimit);
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
            var relaxed = mip.Model.Relaxed();
            var lp = SolveChecked(solver, relaxed, clock, cancellationToken);

            var interval = bounds.GradientNormUpperBound(quantity.GradientNorm);
            if (lp is { } v)
            {
                value = Math.Max(value, Math.Min(v + (Slack * Math.Abs(v)) + Slack, interval));
            }
            else
            {
                value = Math.Max(value, interval);
                fallbacks++;
            }
        }

        var detail = $"{subproblems.Count} LP{(subproblems.Count == 1 ? string.Empty : "s")} with {solver.Name}" + (fallbacks > 0 ? $", {fallbacks} without a trustworthy LP optimum (interval bound used)" : string.Empty);
        return new Estimate(Name, EstimateKind.Upper, EstimateScope.Local, false, MeasuredNorm.Native(quantity), value, clock.Elapsed.TotalSeconds, detail);
    }

    /// <summary>
    /// The LP optimum, or null when the solve stopped without one or the solver's "optimal"
    /// solution violates the model (then its value bounds nothing).
    /// </summary>
    private static double? SolveChecked(IMipSolver solver, MipModel relaxed, RunClock clock, CancellationToken cancellationToken)
    {
        var left = clock.Left;
        if (left is { } l && l < TimeSpan.FromSeconds(0.1))
        {
            left = TimeSpan.FromSeconds(0.1);
        }

        var outcome = solver.Solve(relaxed, new SolveOptions(TimeLimit: left), null, cancellationToken);
        if (outcome.Status != SolveStatus.Optimal || outcome.Primal is not { } value || !double.IsFinite(value))
        {
            return outcome.Dual is { } dual && double.IsFinite(dual) && outcome.Status != SolveStatus.Optimal ? dual : null;
        }

        var scale = 1 + relaxed.Variables.Max(v => Math.Max(Finite(v.Lower), Finite(v.Upper)));
        return outcome.Solution is { } x && relaxed.MaxViolation(x) <= ViolationTolerance * scale ? value : null;
    }

    private static double Finite(double v) => double.IsFinite(v) ? Math.Abs(v) : 0;
}

using ExactLip.Core;
using ExactLip.Encoding;
using ExactLip.Mip;
using ExactLip.Mip.Solving;

namespace ExactLip.Certify;

/// <summary>
/// Decides whether an activation pattern is met by an interior point of the box, and finds
/// one: the LP max δ over the box subject to the pattern's affine pre-activations being ≥ δ
/// (active) or ≤ −δ (inactive), and each max-pooling winner beating the rest by δ. Each layer
/// writes its own part of the LP (LayerEncoding.EncodeRegion).
/// Implementation note: the MIP ranges over every backprop output with ReLU′(0) ∈ {0, 1}, so its
/// optimum may belong to a pattern that holds only on a measure-zero set (docs/certify.md: for
/// relu(x) − relu(−x) on [−1, 1] the MIP finds 2 at x = 0 while the true constant is 1). Such a
/// pattern's gradient is not a gradient of the network anywhere, so it can be excluded; a
/// pattern with δ &gt; 0 is realised on an open set, where the plain evaluator reproduces the
/// MIP's value exactly.
/// </summary>
public static class RegionCheck
{
    /// <summary>
    /// Margins below this are treated as zero (no interior): well above an LP solver's
    /// feasibility tolerance (about 1e-9), which would otherwise report a tiny positive margin
    /// for a region that is only a point.
    /// </summary>
    public const double MinimumMargin = 1e-7;

    /// <returns>
    /// A point strictly inside the pattern's region; null when the region has no interior in the
    /// box. Throws <see cref="RegionUndecidedException"/> when that could not be decided (an
    /// operator the check does not model, a solver failure, or no time left), so that no caller
    /// mistakes "unknown" for "empty".
    /// </returns>
    public static double[]? InteriorPoint(
        LipschitzMip mip,
        ReadOnlySpan<double> solution,
        IMipSolver solver,
        TimeSpan? timeLimit,
        CancellationToken cancellationToken)
    {
        var box = mip.Bounds.Activations[0];
        var model = new MipModelBuilder("region");
        var margin = model.AddVariable("margin", 0, 1);
        model.SetObjective(margin, 1);
        var inputs = new Var[box.Dimension];
        for (var i = 0; i < inputs.Length; i++)
        {
            inputs[i] = model.AddVariable($"input/{i}/x", box.Lo(i), box.Hi(i));
        }

        // Each layer states its own region (see LayerEncoding.EncodeRegion).
        IReadOnlyList<Var> current = inputs;
        foreach (var layer in mip.Layers)
        {
            current = layer.EncodeRegion(model, current, margin, solution)
                ?? throw new RegionUndecidedException($"the {layer.Context.Kind} layer cannot state its region");
        }

        SolveOutcome outcome;
        try
        {
            outcome = solver.Solve(model.Build(), new SolveOptions(timeLimit, 1e-9, 1), null, cancellationToken);
        }
        catch (SolverFailedException e)
        {
            throw new RegionUndecidedException(e.Message);
        }

        if (outcome.Status is SolveStatus.TimeLimit or SolveStatus.Interrupted)
        {
            throw new RegionUndecidedException("the region LP was stopped");
        }

        if (outcome.Solution is not { } point || outcome.Primal is not { } delta || delta < MinimumMargin)
        {
            return null;
        }

        var x = new double[inputs.Length];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = point[inputs[i].Index];
        }

        box.Clamp(x);
        return x;
    }
}

using ExactLip.Core;
using ExactLip.Encoding;
using ExactLip.Mip;
using ExactLip.Mip.Solving;
using ExactLip.Network;
using ExactLip.Network.Layers;

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
/// pattern with δ &gt; 0 is realised on an open set.
/// Excluding a pattern that has interior would make the certified value too low, so "no
/// interior" is never taken from the solver: δ is free below, which makes the LP feasible for
/// every pattern, so the solver returns an optimum with its row duals, and the answer is "no
/// interior" only when those duals prove that every point of the LP with δ ∈ [0, 1] has δ ≤ 0 —
/// by <see cref="LagrangianBound"/> (rounded outward) when the bound is clearly negative, else by
/// <see cref="ExactLagrangianBound"/> (exact: a pattern of measure zero has max δ = 0 exactly). No
/// constant margin decides it, so a region however thin is kept and measured. The bound needs
/// finite boxes for the variables the layers leave free (pre-activations):
/// <see cref="ImpliedBounds"/> derives them from the input box through the LP's own rows. See
/// docs/branch-and-bound.md ("How emptiness is verified").
/// </summary>
public static class RegionCheck
{
    /// <returns>
    /// Interior with a point inside the pattern's region by the LP (δ &gt; 0; the caller proves
    /// where it lies before it counts); Empty when the region provably has no interior point in
    /// the box; Unknown or Unverified, with the reason, when that could not be decided (an
    /// operator the check does not model, a solver failure, no time left, or a "no interior"
    /// answer the dual bound does not confirm), which no caller may mistake for "empty".
    /// </returns>
    public static RegionAnswer Decide(
        LipschitzMip mip,
        ReadOnlySpan<double> solution,
        IMipSolver solver,
        TimeSpan? timeLimit,
        CancellationToken cancellationToken)
    {
        if (!CoincidentSignsConsistent(mip, solution))
        {
            return RegionAnswer.Empty;
        }

        var (region, unstated) = Build(mip, solution);
        if (region is null)
        {
            return RegionAnswer.Unknown(unstated!);
        }

        SolveOutcome outcome;
        try
        {
            outcome = solver.Solve(region.Model, new SolveOptions(timeLimit, 1e-9, 1), null, cancellationToken);
        }
        catch (SolverFailedException e)
        {
            return RegionAnswer.Unknown(e.Message);
        }

        if (outcome.Status is SolveStatus.TimeLimit or SolveStatus.Interrupted)
        {
            return RegionAnswer.Unknown("the region LP was stopped");
        }

        // Proven empty first: an LP's tolerances can report a tiny positive δ for a pattern met
        // only on a measure-zero set.
        if (region.ProvenEmpty(outcome.RowDuals))
        {
            return RegionAnswer.Empty;
        }

        if (outcome.Status == SolveStatus.Optimal
            && outcome.Solution is { } point
            && point.Length == region.Model.Variables.Count
            && point[region.Margin.Index] > 0)
        {
            var x = region.Inputs.Select(v => point[v.Index]).ToArray();
            mip.Bounds.Activations[0].Clamp(x);
            return RegionAnswer.Inside(x);
        }

        return RegionAnswer.Unverified(outcome.RowDuals is null
            ? "the region LP's back end reported no row duals, so its answer of no interior point could not be confirmed"
            : "the region LP's answer of no interior point was not confirmed by its rigorous dual bound");
    }

    /// <summary>
    /// False when the pattern gives two exactly proportional pre-activations incompatible signs
    /// (or a constant one the wrong sign): then it has no interior, exactly.
    /// </summary>
    private static bool CoincidentSignsConsistent(LipschitzMip mip, ReadOnlySpan<double> solution)
    {
        var layers = mip.Bounds.Network.Layers;
        foreach (var encoding in mip.Layers)
        {
            var k = encoding.Context.LayerIndex;
            if (k > 0 && layers[k - 1] is LinearLayer feeding && encoding.SignPattern(solution) is { } signs && !CoincidentNeurons.Consistent(feeding, signs))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The region LP of the pattern in <paramref name="solution"/>: max δ, δ ≤ 1 and free below
    /// (so that every pattern has a feasible point), x in the box, and each layer's rows; or no
    /// model and the reason, when a layer cannot state its region.
    /// </summary>
    internal static (RegionModel? Model, string? Unstated) Build(LipschitzMip mip, ReadOnlySpan<double> solution)
    {
        var box = mip.Bounds.Activations[0];
        var model = new MipModelBuilder("region");
        var margin = model.AddVariable("margin", double.NegativeInfinity, 1);
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
            if (layer.EncodeRegion(model, current, margin, solution) is not { } next)
            {
                return (null, $"the {layer.Context.Kind} layer cannot state its region");
            }

            current = next;
        }

        return (new RegionModel(model.Build(), inputs, margin), null);
    }

    /// <summary>A built region LP.</summary>
    internal sealed record RegionModel(MipModel Model, Var[] Inputs, Var Margin)
    {
        /// <summary>
        /// True when no point of the LP (x in the box, every row) has δ &gt; 0: either the rows
        /// alone rule out δ ≥ 0 (interval propagation empties a variable's range), or the
        /// multipliers bound δ by 0 over the boxes every such point respects. Any multipliers may
        /// be passed: wrong ones prove nothing.
        /// </summary>
        public bool ProvenEmpty(IReadOnlyList<double>? rowDuals)
        {
            if (CheckBox() is not var (lower, upper))
            {
                return true;
            }

            return rowDuals is not null
                && (LagrangianBound.UpperBound(Model, rowDuals, lower, upper) < 0
                    || ExactLagrangianBound.AtMost(Model, rowDuals, lower, upper, 0)
                    || RepairedDualBound.AtMost(Model, rowDuals, lower, upper, 0));
        }

        /// <summary>
        /// Finite boxes that hold at every point of the LP with δ ∈ [0, 1]: the variables' own
        /// bounds, δ raised to 0, and the free pre-activations bounded
        /// through the rows. Null when the rows admit no such point at all.
        /// </summary>
        internal (double[] Lower, double[] Upper)? CheckBox()
        {
            var lower = Model.Variables.Select(v => v.Lower).ToArray();
            var upper = Model.Variables.Select(v => v.Upper).ToArray();
            lower[Margin.Index] = 0;
            return ImpliedBounds.Propagate(Model, lower, upper);
        }
    }
}

using ExactLip.Core;
using ExactLip.Mip;
using ExactLip.Mip.Solving;

namespace ExactLip.Certify;

/// <summary>
/// A region LP, as both engines build it: max δ, δ ≤ 1 and free below, over the input x in the
/// box, with every sign the region fixes decided by at least δ; and the one place its answer is
/// decided (<see cref="Decide"/>). The MIP path builds it from the layers' encodings of a MIP
/// solution's pattern (<see cref="RegionCheck"/>), branch and bound from a sub-domain's signs and
/// bounds (its RegionLp); what is proven from it is the same.
/// Implementation note: "no interior" is never taken from the solver. δ is free below, which
/// makes the LP feasible for every pattern, so the solver returns an optimum with its row duals,
/// and the answer is Empty only when those duals prove that every point of the region with
/// δ ∈ [0, 1] has δ ≤ 0 — by <see cref="LagrangianBound"/> (rounded outward) when the bound is
/// clearly negative, else by <see cref="ExactLagrangianBound"/> or <see cref="RepairedDualBound"/>
/// (exact: a pattern of measure zero has max δ = 0 exactly). No constant margin decides it, so a
/// region however thin is kept and measured. See docs/branch-and-bound.md ("How emptiness is
/// verified").
/// </summary>
/// <param name="Model">The LP.</param>
/// <param name="Inputs">The variables of the input x.</param>
/// <param name="Margin">The variable δ.</param>
public sealed record RegionModel(MipModel Model, Var[] Inputs, Var Margin)
{
    /// <summary>
    /// Starts a region LP in <paramref name="model"/>, the same for both engines: δ (maximised, at
    /// most 1 and free below, so that the LP is feasible whatever the pattern; only δ &gt; 0 is to be
    /// refuted) and the input x in <paramref name="box"/>. The builder then adds the rows.
    /// </summary>
    public static (Var Margin, Var[] Inputs) Start(MipModelBuilder model, Box box)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(box);
        var margin = model.AddVariable("margin", double.NegativeInfinity, 1);
        model.SetObjective(margin, 1);
        var inputs = new Var[box.Dimension];
        var names = InputNames(inputs.Length);
        for (var i = 0; i < inputs.Length; i++)
        {
            inputs[i] = model.AddVariable(names[i], box.Lo(i), box.Hi(i));
        }

        return (margin, inputs);
    }

    /// <summary>The names of the first n input columns, formatted once: branch and bound builds thousands of LPs over the same 784 inputs.</summary>
    private static string[] InputNames(int n)
    {
        var names = _inputNames;
        if (names.Length < n)
        {
            names = Enumerable.Range(0, n).Select(i => $"input/{i}/x").ToArray();
            _inputNames = names;
        }

        return names;
    }

    private static string[] _inputNames = Array.Empty<string>();

    /// <summary>
    /// Finite boxes for every variable that hold at every point of the region with δ ∈ [0, 1],
    /// when the builder knows them (a sub-domain's bounds); null to derive them through the rows
    /// (<see cref="ImpliedBounds"/>).
    /// </summary>
    public (double[] Lower, double[] Upper)? Domain { get; init; }

    /// <summary>
    /// True when no point of the region (x in the box, every row) has δ &gt; 0: either the rows
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
    /// The boxes the dual bound is taken over: <see cref="Domain"/> when given, else the
    /// variables' own bounds with δ raised to 0 and the free ones bounded through the rows. Null
    /// when the rows admit no point with δ ≥ 0 at all.
    /// </summary>
    public (double[] Lower, double[] Upper)? CheckBox()
    {
        if (Domain is { } domain)
        {
            return domain;
        }

        var lower = Model.Variables.Select(v => v.Lower).ToArray();
        var upper = Model.Variables.Select(v => v.Upper).ToArray();
        lower[Margin.Index] = 0;
        return ImpliedBounds.Propagate(Model, lower, upper);
    }

    /// <summary>
    /// Solves the LP and decides: Interior with the LP's point (δ &gt; 0, clamped to
    /// <paramref name="box"/>), Empty only when <see cref="ProvenEmpty"/>, else Unknown (not
    /// solved: stopped, failed, unbounded) or Unverified (solved, neither proven), with the reason.
    /// </summary>
    /// <param name="provenInside">
    /// When given, the point counts as Interior only if it holds (and is then trusted before the
    /// emptiness proof, which it contradicts); when null, the emptiness proof comes first, since
    /// an LP's tolerances can report a tiny positive δ for a pattern met only on a measure-zero set,
    /// and the caller proves where the point lies before it counts.
    /// </param>
    public RegionAnswer Decide(IMipSolver solver, TimeSpan? timeLimit, Box box, Func<double[], bool>? provenInside, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(solver);
        ArgumentNullException.ThrowIfNull(box);
        SolveOutcome outcome;
        try
        {
            outcome = solver.Solve(Model, new SolveOptions(timeLimit, 1e-9, 1), null, cancellationToken);
        }
        catch (SolverFailedException e)
        {
            return RegionAnswer.Unknown(e.Message);
        }

        if (outcome.Status is SolveStatus.TimeLimit or SolveStatus.Interrupted)
        {
            return RegionAnswer.Unknown("the region LP was stopped");
        }

        if (outcome.Status == SolveStatus.Unbounded)
        {
            return RegionAnswer.Unknown("the region LP's back end reported it unbounded, which δ ≤ 1 rules out");
        }

        double[]? inside = null;
        if (outcome.Status == SolveStatus.Optimal
            && outcome.Solution is { } point
            && point.Length == Model.Variables.Count
            && point[Margin.Index] > 0)
        {
            inside = Inputs.Select(v => point[v.Index]).ToArray();
            box.Clamp(inside);
            if (provenInside is not null)
            {
                if (provenInside(inside))
                {
                    return RegionAnswer.Inside(inside);
                }

                inside = null;
            }
        }

        if (ProvenEmpty(outcome.RowDuals))
        {
            return RegionAnswer.Empty;
        }

        if (inside is not null)
        {
            return RegionAnswer.Inside(inside);
        }

        return RegionAnswer.Unverified(outcome.RowDuals is null
            ? "the region LP's back end reported no row duals, so its answer of no interior point could not be confirmed"
            : "the region LP's answer of no interior point was not confirmed by its rigorous dual bound");
    }
}

namespace ExactLip.Mip.Solving;

/// <summary>How a solve ended.</summary>
public enum SolveStatus
{
    /// <summary>Proven optimal within the requested gap.</summary>
    Optimal,

    /// <summary>Stopped by the time limit.</summary>
    TimeLimit,

    /// <summary>Stopped by cancellation (Ctrl-C or a caller).</summary>
    Interrupted,

    /// <summary>The model has no feasible point.</summary>
    Infeasible,

    /// <summary>The objective is unbounded above.</summary>
    Unbounded,
}

/// <summary>
/// The result of a solve. <see cref="Dual"/> is a proven upper bound on the maximum whenever it
/// is present, even when the search stopped early; <see cref="Solution"/> is the best feasible
/// assignment found, with objective <see cref="Primal"/>.
/// </summary>
public sealed record SolveOutcome(
    SolveStatus Status,
    double? Primal,
    double? Dual,
    double[]? Solution,
    long Nodes,
    double Seconds,
    IReadOnlyList<SolveProgress> History)
{
    public double? Gap => SolveProgress.RelativeGap(Primal, Dual);

    /// <summary>
    /// For a model without integer variables solved to optimality, when the back end reports
    /// them: one Lagrange multiplier per row, in the model's row order, such that the objective
    /// minus Σ yᵢ·(rowᵢ − its binding side) is stationary: yᵢ ≥ 0 where the row's upper side
    /// binds, ≤ 0 where its lower side binds (the growth of the maximum per unit the side moves).
    /// Null otherwise. They are the solver's numbers, not a proof: <see cref="LagrangianBound"/>
    /// turns any multipliers into a bound that holds whatever their quality.
    /// </summary>
    public IReadOnlyList<double>? RowDuals { get; init; }
}

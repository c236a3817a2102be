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
}

using ExactLip.Mip.Solving;

namespace ExactLip.Certify;

/// <summary>
/// A snapshot of a certification run. <see cref="Lower"/> is always a value recomputed at a real
/// point and <see cref="Upper"/> always a proven bound, so both can be shown as they are.
/// </summary>
/// <param name="Incumbent">The running solver's best objective (not yet recomputed), if any.</param>
public sealed record CertifyProgress(
    RunPhase Phase,
    int Subproblem,
    int Subproblems,
    TimeSpan Elapsed,
    long Nodes,
    double Lower,
    double Upper,
    double? Incumbent)
{
    public double? Gap => SolveProgress.RelativeGap(Lower, Upper);

    /// <summary>Each engine's own snapshot when a portfolio races several (null for a single engine's run).</summary>
    public IReadOnlyList<EngineStanding>? Engines { get; init; }

    /// <summary>The engine whose own bounds are closest to meeting (null for a single engine's run).</summary>
    public CertificationMethod? Ahead =>
        Engines is { Count: > 0 } engines ? engines.OrderBy(e => e.Progress.Gap ?? double.PositiveInfinity).First().Engine : null;
}

/// <summary>One engine's latest progress within a portfolio.</summary>
public sealed record EngineStanding(CertificationMethod Engine, CertifyProgress Progress);

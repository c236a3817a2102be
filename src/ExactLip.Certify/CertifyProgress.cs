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
}

namespace ExactLip.Mip.Solving;

/// <summary>Limits and tolerances for one solve.</summary>
/// <param name="TimeLimit">Wall-clock limit; null for none.</param>
/// <param name="RelativeGap">Stop when (dual − primal)/max(|primal|, 1e-10) falls below this.</param>
/// <param name="Threads">Worker threads the solver may use (solvers without threads ignore it).</param>
/// <param name="ProgressInterval">How often, at most, to report progress.</param>
/// <param name="Cutoff">
/// An objective value known to be attained (e.g. by a starting point). A back end may prune
/// everything that cannot beat it; then "infeasible" means no solution exceeds it, and the
/// cutoff is an upper bound on the optimum. Back ends without the feature ignore it.
/// </param>
public sealed record SolveOptions(
    TimeSpan? TimeLimit = null,
    double RelativeGap = 1e-6,
    int Threads = 1,
    TimeSpan? ProgressInterval = null,
    double? Cutoff = null)
{
    public static SolveOptions Default { get; } = new();
}

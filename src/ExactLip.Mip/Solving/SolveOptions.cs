namespace ExactLip.Mip.Solving;

/// <summary>Limits and tolerances for one solve.</summary>
/// <param name="TimeLimit">Wall-clock limit; null for none.</param>
/// <param name="RelativeGap">Stop when (dual − primal)/max(|primal|, 1e-10) falls below this.</param>
/// <param name="Threads">Worker threads the solver may use (solvers without threads ignore it).</param>
/// <param name="ProgressInterval">How often, at most, to report progress.</param>
public sealed record SolveOptions(
    TimeSpan? TimeLimit = null,
    double RelativeGap = 1e-6,
    int Threads = 1,
    TimeSpan? ProgressInterval = null)
{
    public static SolveOptions Default { get; } = new();

    /// <summary>The time left of the limit after <paramref name="used"/>, never negative.</summary>
    public SolveOptions WithTimeUsed(TimeSpan used) =>
        TimeLimit is { } limit ? this with { TimeLimit = limit > used ? limit - used : TimeSpan.Zero } : this;
}

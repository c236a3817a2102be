using System.Diagnostics;

namespace ExactLip.Certify;

/// <summary>
/// A run's clock against its time limit, started when the run starts: both engines ask it what
/// time is left (never negative) and whether the limit has passed, so the two read the limit alike.
/// </summary>
public sealed class RunClock
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    /// <param name="limit">The run's time limit, or null for none.</param>
    public RunClock(TimeSpan? limit)
    {
        Limit = limit;
    }

    public TimeSpan? Limit { get; }

    public TimeSpan Elapsed => _watch.Elapsed;

    /// <summary>The time left before the limit (zero once it has passed), or null without a limit.</summary>
    public TimeSpan? Left => LeftBefore(Limit);

    /// <summary>True once the limit has passed.</summary>
    public bool Expired => Left is { } left && left <= TimeSpan.Zero;

    /// <summary>The time left before <paramref name="deadline"/> (counted from the start; zero once passed), or null without one.</summary>
    public TimeSpan? LeftBefore(TimeSpan? deadline)
    {
        var elapsed = Elapsed;
        return deadline is { } d ? (d > elapsed ? d - elapsed : TimeSpan.Zero) : null;
    }
}

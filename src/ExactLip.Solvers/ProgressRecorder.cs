using System.Diagnostics;
using ExactLip.Mip.Solving;

namespace ExactLip.Solvers;

/// <summary>
/// Keeps the snapshots of one solve and forwards them to the caller's progress sink, at most
/// once per interval except when the incumbent improves. Thread-safe: CBC reports from its log
/// reader thread while the caller may read the latest snapshot after a cancellation.
/// </summary>
internal sealed class ProgressRecorder
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(0.5);
    private readonly object _lock = new();
    private readonly List<SolveProgress> _history = new();
    private readonly IProgress<SolveProgress>? _sink;
    private readonly TimeSpan _interval;
    private readonly Stopwatch _clock;
    private TimeSpan? _lastReport;

    public ProgressRecorder(IProgress<SolveProgress>? sink, TimeSpan? interval, Stopwatch clock)
    {
        _sink = sink;
        _interval = interval ?? DefaultInterval;
        _clock = clock;
    }

    public SolveProgress? Latest { get; private set; }

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Records a snapshot; returns true when it was forwarded to the sink.</summary>
    public bool Record(long nodes, double? primal, double? dual, string source, bool force = false, bool rounded = false)
    {
        SolveProgress snapshot;
        lock (_lock)
        {
            var elapsed = _clock.Elapsed;
            var improved = primal is { } p && (Latest?.Primal is not { } old || p > old);
            snapshot = new SolveProgress(elapsed, nodes, primal, dual, source, rounded);
            Latest = snapshot;
            if (!force && !improved && _lastReport is { } last && elapsed - last < _interval)
            {
                return false;
            }

            _lastReport = elapsed;
            _history.Add(snapshot);
        }

        // Outside the lock: the sink may cancel, and cancellation may read Latest.
        _sink?.Report(snapshot);
        return true;
    }

    public IReadOnlyList<SolveProgress> History()
    {
        lock (_lock)
        {
            return _history.ToArray();
        }
    }
}

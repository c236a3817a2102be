namespace ExactLip.Core.Threading;

/// <summary>
/// The operating-system threads working for one engine of a race, so that the race can lower
/// their CPU priority together (<see cref="Demote"/>): the engine's own thread and the threads its
/// solver starts (CBC solves on a thread of its own).
/// Implementation note: the group travels with the execution context (an AsyncLocal), which a
/// new <see cref="Thread"/> inherits; a thread joins by <see cref="Enlist"/>, a no-op outside any
/// group, and leaves when the returned handle is disposed, so that a finished thread's id (which
/// the kernel may hand to a new thread) is never demoted. A thread that joins a demoted group is
/// demoted at once. Safe to call from any thread.
/// A group can also be held to a share of a core (<see cref="Limit"/>), which its members keep at
/// the points where they may wait (<see cref="Pace"/>): a nice value only weighs a thread against
/// the others that want its core, and a demoted MIP thread beside two branch-and-bound workers on
/// two cores still ran a quarter of the time at nice 19 (every moment a worker waited).
/// </summary>
public sealed class ThreadGroup
{
    private static readonly AsyncLocal<ThreadGroup?> Ambient = new();
    private readonly object _gate = new();
    private readonly HashSet<int> _members = new();
    private int? _nice;
    private double _share = 1;

    /// <summary>Where the calling thread's current run started (a <see cref="System.Diagnostics.Stopwatch"/> timestamp), 0 before its first pause point.</summary>
    [ThreadStatic]
    private static long _runningSince;

    /// <summary>How long a limited member runs between two pauses.</summary>
    public static TimeSpan RunSlice { get; } = TimeSpan.FromMilliseconds(10);

    /// <summary>The group the calling code works for, or null.</summary>
    public static ThreadGroup? Current => Ambient.Value;

    /// <summary>The nice value the group was demoted to, or null while it runs at its priority.</summary>
    public int? Nice
    {
        get
        {
            lock (_gate)
            {
                return _nice;
            }
        }
    }

    /// <summary>How many threads are enlisted now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _members.Count;
            }
        }
    }

    /// <summary>Makes this the calling code's group (and that of the threads it starts) until disposed.</summary>
    public IDisposable Enter()
    {
        var previous = Ambient.Value;
        Ambient.Value = this;
        return new Scope(() => Ambient.Value = previous);
    }

    /// <summary>Enlists the calling thread in the current group until disposed; a no-op outside any group or where thread ids are unsupported.</summary>
    public static IDisposable Enlist() => Current?.Join() ?? Scope.Empty;

    /// <summary>
    /// Raises every member's nice value to <paramref name="nice"/> (and of every thread that joins
    /// later); final, since an unprivileged process cannot lower it again. False when unsupported
    /// or refused for a member.
    /// </summary>
    public bool Demote(int nice)
    {
        lock (_gate)
        {
            _nice = nice;
            var all = true;
            foreach (var id in _members)
            {
                all &= ThreadNice.Raise(id, nice);
            }

            return all && ThreadNice.Supported;
        }
    }

    /// <summary>
    /// Holds every member to <paramref name="share"/> of a core from now on (in (0, 1]; 1: no
    /// limit), at its pause points (<see cref="Pace"/>).
    /// </summary>
    public void Limit(double share)
    {
        lock (_gate)
        {
            _share = Math.Clamp(share, 1e-3, 1);
        }
    }

    /// <summary>
    /// A pause point of the calling thread, for a solver's progress checks: where its group is
    /// limited to a share s of a core (<see cref="Limit"/>) and the thread has run
    /// <see cref="RunSlice"/> since its last pause, it sleeps RunSlice·(1 − s)/s, or until
    /// <paramref name="token"/> is cancelled. A no-op outside any group or without a limit.
    /// </summary>
    public static void Pace(CancellationToken token)
    {
        if (Current is not { } group)
        {
            return;
        }

        double share;
        lock (group._gate)
        {
            share = group._share;
        }

        var now = System.Diagnostics.Stopwatch.GetTimestamp();
        if (share >= 1 || _runningSince == 0)
        {
            _runningSince = now;
            return;
        }

        if (System.Diagnostics.Stopwatch.GetElapsedTime(_runningSince, now) < RunSlice)
        {
            return;
        }

        token.WaitHandle.WaitOne(RunSlice * ((1 - share) / share));
        _runningSince = System.Diagnostics.Stopwatch.GetTimestamp();
    }

    private IDisposable Join()
    {
        var id = ThreadNice.CurrentThreadId();
        if (id <= 0)
        {
            return Scope.Empty;
        }

        lock (_gate)
        {
            if (!_members.Add(id))
            {
                // Already enlisted further up this thread's stack: the outer enlistment leaves.
                return Scope.Empty;
            }

            if (_nice is { } nice)
            {
                ThreadNice.Raise(id, nice);
            }
        }

        return new Scope(() =>
        {
            lock (_gate)
            {
                _members.Remove(id);
            }
        });
    }

    private sealed class Scope : IDisposable
    {
        public static readonly IDisposable Empty = new Scope(null);
        private Action? _leave;

        public Scope(Action? leave)
        {
            _leave = leave;
        }

        public void Dispose() => Interlocked.Exchange(ref _leave, null)?.Invoke();
    }
}

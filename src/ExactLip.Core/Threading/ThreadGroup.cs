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
/// </summary>
public sealed class ThreadGroup
{
    private static readonly AsyncLocal<ThreadGroup?> Ambient = new();
    private readonly object _gate = new();
    private readonly HashSet<int> _members = new();
    private int? _nice;

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

namespace ExactLip.Certify;

/// <summary>
/// How many of branch and bound's workers may take sub-domains now: a race that reallocates the
/// cores (the portfolio's <c>RaceAllocator</c>) opens and closes it while the search runs.
/// Workers numbered below <see cref="Admitted"/> work; the others wait between sub-domains (never
/// inside one), and one always works. Nothing a worker proves depends on it: it decides only
/// who takes the next sub-domain.
/// Implementation note: a held-back worker sleeps here (<see cref="Await"/>), not on the search's
/// own lock, so the working workers neither wake it after each sub-domain nor meet it on that lock
/// (measured on the digits CNN: a held-back worker polling the search's lock left the working one
/// about three times the MIP thread's CPU instead of an even share). Safe to call from any thread.
/// </summary>
public sealed class WorkerGate
{
    private readonly object _changed = new();
    private int _admitted;

    /// <param name="admitted">The workers admitted at first (at least one).</param>
    public WorkerGate(int admitted)
    {
        _admitted = Math.Max(1, admitted);
    }

    /// <summary>How many workers may take sub-domains.</summary>
    public int Admitted => Volatile.Read(ref _admitted);

    /// <summary>Admits the first <paramref name="workers"/> workers (at least one), waking those that wait.</summary>
    public void Admit(int workers)
    {
        lock (_changed)
        {
            Volatile.Write(ref _admitted, Math.Max(1, workers));
            Monitor.PulseAll(_changed);
        }
    }

    /// <summary>True when worker <paramref name="worker"/> (numbered from 0) may take a sub-domain.</summary>
    public bool Admits(int worker) => worker < Admitted;

    /// <summary>
    /// Waits while worker <paramref name="worker"/> is held back, at most <paramref name="timeout"/>;
    /// returns early when the gate changes, on <see cref="Wake"/>, or when <paramref name="cancel"/> fires.
    /// </summary>
    public void Await(int worker, TimeSpan timeout, CancellationToken cancel)
    {
        using var stop = cancel.CanBeCanceled ? cancel.Register(Wake) : default;
        lock (_changed)
        {
            if (!Admits(worker) && !cancel.IsCancellationRequested)
            {
                Monitor.Wait(_changed, timeout);
            }
        }
    }

    /// <summary>Wakes the waiting workers to look again (the search they belong to may be over).</summary>
    public void Wake()
    {
        lock (_changed)
        {
            Monitor.PulseAll(_changed);
        }
    }
}

namespace ExactLip.Certify;

/// <summary>
/// How many of branch and bound's workers may take sub-domains now: a race that reallocates the
/// cores (the portfolio's <c>RaceAllocation</c>) opens and closes it while the search runs.
/// Workers numbered below <see cref="Admitted"/> work; the others wait between sub-domains (never
/// inside one), and one always works. Nothing a worker proves depends on it: it decides only
/// who takes the next sub-domain. Safe to call from any thread.
/// </summary>
public sealed class WorkerGate
{
    private int _admitted;

    /// <param name="admitted">The workers admitted at first (at least one).</param>
    public WorkerGate(int admitted)
    {
        _admitted = Math.Max(1, admitted);
    }

    /// <summary>How many workers may take sub-domains.</summary>
    public int Admitted => Volatile.Read(ref _admitted);

    /// <summary>Admits the first <paramref name="workers"/> workers (at least one); waiting workers notice within their wait.</summary>
    public void Admit(int workers) => Volatile.Write(ref _admitted, Math.Max(1, workers));

    /// <summary>True when worker <paramref name="worker"/> (numbered from 0) may take a sub-domain.</summary>
    public bool Admits(int worker) => worker < Admitted;
}

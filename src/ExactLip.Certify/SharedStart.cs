namespace ExactLip.Certify;

/// <summary>
/// The start search of the whole quantity (<see cref="PointSearch"/>), run once for two engines
/// racing on one request (<see cref="BoundExchange.Start"/>): the first engine to ask runs it, the
/// other waits for that result and uses the same object.
/// Implementation note: the search is deterministic given its settings (samples, local steps,
/// seed) and the request, which both engines of a race share, so each engine alone would have
/// found exactly this point; the settings are the key, so an engine asked with other settings
/// runs its own search. It runs on the asking engine's token, which for both engines of a race is
/// the same (the caller's and the exchange's). Safe to call from any thread.
/// </summary>
public sealed class SharedStart
{
    private readonly object _gate = new();
    private readonly Dictionary<(int Samples, int LocalSteps, int Seed), Lazy<PointValue>> _searches = new();
    private int _runs;
    private int _served;

    /// <summary>How many searches ran (one per distinct settings).</summary>
    public int Runs => Volatile.Read(ref _runs);

    /// <summary>How many times a search's result was handed out (to either engine).</summary>
    public int Served => Volatile.Read(ref _served);

    /// <summary>The result of the search with these settings: run by <paramref name="search"/> for the first caller, the same object for every later one.</summary>
    public PointValue Get(int samples, int localSteps, int seed, Func<PointValue> search)
    {
        ArgumentNullException.ThrowIfNull(search);
        Lazy<PointValue> entry;
        lock (_gate)
        {
            if (!_searches.TryGetValue((samples, localSteps, seed), out entry!))
            {
                entry = new Lazy<PointValue>(
                    () =>
                    {
                        Interlocked.Increment(ref _runs);
                        return search();
                    },
                    LazyThreadSafetyMode.ExecutionAndPublication);
                _searches[(samples, localSteps, seed)] = entry;
            }
        }

        var value = entry.Value;
        Interlocked.Increment(ref _served);
        return value;
    }
}

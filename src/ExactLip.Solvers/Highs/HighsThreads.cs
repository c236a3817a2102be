namespace ExactLip.Solvers.Highs;

/// <summary>
/// HiGHS keeps one thread pool per process, sized by the "threads" option of the first run; a
/// later run asking for another size fails ("global scheduler has already been initialized").
/// Implementation note: when no HiGHS run is in progress the pool is rebuilt at the new size
/// (Highs_resetGlobalScheduler); while another run uses it, the new run takes the existing pool
/// (threads = 0 means "whatever the pool has") rather than failing.
/// </summary>
internal static class HighsThreads
{
    private static readonly object Lock = new();
    private static int _active;
    private static int _poolSize;

    /// <summary>Marks a run as started and returns the threads option to give it.</summary>
    public static int Enter(int requested)
    {
        lock (Lock)
        {
            if (_poolSize != 0 && _poolSize != requested && _active == 0)
            {
                HighsNative.Highs_resetGlobalScheduler(1);
                _poolSize = 0;
            }

            _active++;
            if (_poolSize == 0)
            {
                _poolSize = requested;
                return requested;
            }

            return _poolSize == requested ? requested : 0;
        }
    }

    public static void Exit()
    {
        lock (Lock)
        {
            _active--;
        }
    }
}

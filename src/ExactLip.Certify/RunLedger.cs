using ExactLip.Mip.Solving;
using ExactLip.Network;

namespace ExactLip.Certify;

/// <summary>
/// What one run has established, kept alike by both engines: the best proven witness (the lower
/// bound), the history of the bounds, the notes, and the clock against the time limit; at the
/// end it states the <see cref="Certificate"/>.
/// Implementation note: the engines decide what counts as proven (<see cref="WitnessProof"/>,
/// their region checks); the ledger only keeps the best of what they hand it, so the lower bound
/// never falls. Safe to call from several threads (branch-and-bound workers, solver callbacks).
/// </summary>
public sealed class RunLedger
{
    private readonly object _gate = new();
    private readonly List<BoundPoint> _history = new();
    private readonly List<string> _notes = new();
    private Witness _witness = new(Array.Empty<double>(), Array.Empty<double>(), 0, WitnessSource.Start);
    private double _earlierSeconds;

    public RunLedger(TimeSpan? timeLimit)
    {
        Clock = new RunClock(timeLimit);
    }

    public RunClock Clock { get; }

    /// <summary>The best witness so far (an empty point before any is proven).</summary>
    public Witness Witness
    {
        get
        {
            lock (_gate)
            {
                return _witness;
            }
        }
    }

    /// <summary>
    /// Seconds of search so far: this run's, plus those of the earlier runs it resumes
    /// (<see cref="Resume"/>). The time limit counts this run's alone (<see cref="Clock"/>).
    /// </summary>
    public double Seconds
    {
        get
        {
            lock (_gate)
            {
                return Clock.Elapsed.TotalSeconds + _earlierSeconds;
            }
        }
    }

    /// <summary>The bound history so far (a copy).</summary>
    public IReadOnlyList<BoundPoint> History
    {
        get
        {
            lock (_gate)
            {
                return _history.ToArray();
            }
        }
    }

    /// <summary>
    /// Continues the record of an earlier run of the same search (a checkpoint): its history comes
    /// first and its seconds are added to this run's. Its witness is not taken here: it counts
    /// only once proven again, through <see cref="Keep"/>.
    /// </summary>
    public void Resume(IEnumerable<BoundPoint> history, double seconds)
    {
        lock (_gate)
        {
            _history.InsertRange(0, history);
            _earlierSeconds = seconds;
        }
    }

    /// <summary>The proven lower bound: the witness's value.</summary>
    public double Lower => Witness.Value;

    /// <summary>True once a point has been proven.</summary>
    public bool HasWitness => Witness.X.Length > 0;

    /// <summary>
    /// Keeps <paramref name="candidate"/> when it raises the lower bound (or is the first point), and
    /// records the bounds then, the upper read from <paramref name="upper"/> after the change.
    /// </summary>
    /// <returns>True when the candidate was kept.</returns>
    public bool Keep(Witness candidate, Func<double> upper)
    {
        lock (_gate)
        {
            if (candidate.Value > _witness.Value || _witness.X.Length == 0)
            {
                _witness = candidate;
                Record(upper());
                return true;
            }

            return false;
        }
    }

    /// <summary>Adds a point to the history: now, the lower bound, and <paramref name="upper"/>.</summary>
    public void Record(double upper)
    {
        lock (_gate)
        {
            _history.Add(new BoundPoint(Clock.Elapsed.TotalSeconds + _earlierSeconds, _witness.Value, upper));
        }
    }

    public void Note(string note)
    {
        lock (_gate)
        {
            _notes.Add(note);
        }
    }

    /// <summary>Why a run ended, in the order the reasons win: Ctrl-C, the time limit, a solver that gave up.</summary>
    public static StopReason Stop(bool interrupted, bool timedOut, bool failed) =>
        interrupted ? StopReason.Interrupted : timedOut ? StopReason.TimeLimit : failed ? StopReason.SolverFailed : StopReason.Optimal;

    /// <summary>The certificate of the run: the ledger's witness, history and notes with what the engine reports.</summary>
    /// <param name="upper">The proven upper bound (at least the lower bound).</param>
    /// <param name="solver">The back end named in the result.</param>
    /// <param name="boundsUpper">The bound-propagation upper bound alone.</param>
    public Certificate Certificate(
        LipschitzQuantity quantity,
        StopReason stop,
        double upper,
        CertifyOptions options,
        IMipSolver solver,
        string bounds,
        long nodes,
        int unstableNeurons,
        int binaries,
        double boundsUpper,
        IReadOnlyList<SubproblemResult> subproblems,
        IReadOnlyDictionary<string, int> unstableByBounds)
    {
        lock (_gate)
        {
            var lower = _witness.Value;
            var status = Certify.Certificate.Agree(lower, upper, options.Tolerance) ? CertificateStatus.Exact : CertificateStatus.Bounds;
            return new Certificate(
                quantity.Describe(),
                status,
                stop,
                lower,
                upper,
                options.Tolerance,
                _witness,
                solver.Name,
                solver.Version,
                bounds,
                Clock.Elapsed.TotalSeconds + _earlierSeconds,
                nodes,
                unstableNeurons,
                binaries,
                boundsUpper,
                subproblems,
                _history.ToArray(),
                _notes.ToArray(),
                unstableByBounds);
        }
    }
}

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
/// When the engine races another (<see cref="EngineLink"/>), the ledger is where the two meet:
/// it publishes each witness it keeps and each upper bound it records, and takes the other
/// engine's better witness whenever the lower bound is read, so the engine prunes with it.
/// </summary>
public sealed class RunLedger
{
    private readonly object _gate = new();
    private readonly List<BoundPoint> _history = new();
    private readonly List<string> _notes = new();
    private Witness _witness = new(Array.Empty<double>(), Array.Empty<double>(), 0, WitnessSource.Start);
    private double _earlierSeconds;

    private readonly EngineLink? _link;

    /// <param name="link">The engine's seat when it races another engine (null: it runs alone).</param>
    public RunLedger(TimeSpan? timeLimit, EngineLink? link = null)
    {
        Clock = new RunClock(timeLimit);
        _link = link;
    }

    public RunClock Clock { get; }

    /// <summary>The best witness so far (an empty point before any is proven).</summary>
    public Witness Witness
    {
        get
        {
            lock (_gate)
            {
                Adopt();
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
            Adopt();
            if (candidate.Value > _witness.Value || _witness.X.Length == 0)
            {
                _witness = candidate;
                _link?.Offer(candidate);
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
            Adopt();
            _history.Add(new BoundPoint(Clock.Elapsed.TotalSeconds + _earlierSeconds, _witness.Value, upper));

            // A solver's bound is published only above the lower bound: an engine reports the
            // larger of its bound and the lower bound, and a solver's bound that a proven point
            // exceeds must not reach the other engine as if it met it.
            if (_link is { } link && (link.ProvesUpper || upper > _witness.Value))
            {
                link.OfferUpper(upper);
            }
        }
    }

    /// <summary>Takes the other engine's witness when it beats this run's; call under the lock.</summary>
    private void Adopt()
    {
        if (_link?.Exchange.Witness is { } shared && (shared.Value > _witness.Value || (_witness.X.Length == 0 && shared.X.Length > 0)))
        {
            _witness = shared;
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

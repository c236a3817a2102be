namespace ExactLip.Certify;

/// <summary>
/// What two engines racing on one request share: the start search both would run (one run,
/// <see cref="SharedStart"/>), the best proven witness (a lower bound for the
/// whole quantity, whichever engine proved it) and the global upper bounds each holds, kept apart
/// by how they were obtained: proven by ExactLip (branch and bound's rigorous bounds) or a MIP
/// solver's dual bound. The first publication that makes the best lower bound meet the best upper
/// bound closes the gap: <see cref="Closed"/> fires and <see cref="ClosedBy"/> names the engine.
/// Implementation note: only values valid for the whole box and quantity enter here (a witness's
/// proven value; an engine's global upper bound, never one sub-domain's or one sub-problem's). A
/// solver's bound that a proven witness exceeds is wrong, and is dropped for the rest of the run
/// (docs/guarantees.md). Cancellation runs off the publisher's thread, which may hold an engine's
/// locks. Safe to call from any thread.
/// </summary>
public sealed class BoundExchange
{
    private readonly object _gate = new();
    private readonly double _tolerance;
    private readonly CancellationTokenSource _closed = new();
    private Witness? _witness;
    private double _provenUpper = double.PositiveInfinity;
    private double _solverUpper = double.PositiveInfinity;
    private bool _solverUpperRefuted;
    private CertificationMethod? _closedBy;
    private Task _closing = Task.CompletedTask;

    /// <param name="tolerance">The run's relative tolerance: the bounds have met when they agree within it.</param>
    public BoundExchange(double tolerance)
    {
        _tolerance = tolerance;
    }

    /// <summary>The start search both engines would run, run once (<see cref="PointSearch.Start(RunContext)"/>).</summary>
    public SharedStart Start { get; } = new();

    /// <summary>Fires once the shared bounds have met.</summary>
    public CancellationToken Closed => _closed.Token;

    /// <summary>The engine whose publication made the bounds meet; null while they have not.</summary>
    public CertificationMethod? ClosedBy
    {
        get
        {
            lock (_gate)
            {
                return _closedBy;
            }
        }
    }

    /// <summary>The best witness either engine has proven, or null before any.</summary>
    public Witness? Witness
    {
        get
        {
            lock (_gate)
            {
                return _witness;
            }
        }
    }

    /// <summary>The best upper bound proven by ExactLip (infinite before any).</summary>
    public double ProvenUpper
    {
        get
        {
            lock (_gate)
            {
                return _provenUpper;
            }
        }
    }

    /// <summary>The best MIP solver's dual bound still standing (infinite before any, or once a proven point refuted it).</summary>
    public double SolverUpper
    {
        get
        {
            lock (_gate)
            {
                return _solverUpperRefuted ? double.PositiveInfinity : _solverUpper;
            }
        }
    }

    /// <summary>True when a proven witness lay above a MIP solver's bound, which was then dropped.</summary>
    public bool SolverUpperRefuted
    {
        get
        {
            lock (_gate)
            {
                return _solverUpperRefuted;
            }
        }
    }

    /// <summary>One engine's seat at the exchange: what it publishes is tagged with it.</summary>
    /// <param name="provesUpper">True when the engine's upper bounds are proven by ExactLip; false for a MIP solver's dual bound.</param>
    public EngineLink Seat(CertificationMethod engine, bool provesUpper) => new(this, engine, provesUpper);

    /// <summary>Keeps <paramref name="witness"/> when it is the best proven so far.</summary>
    public void OfferWitness(CertificationMethod from, Witness witness)
    {
        if (witness.X.Length == 0)
        {
            return;
        }

        lock (_gate)
        {
            if (_witness is not null && witness.Value <= _witness.Value)
            {
                return;
            }

            _witness = witness;
            RefuteSolverBoundBelow(witness.Value);
            CheckClosed(from);
        }
    }

    /// <summary>Keeps a global upper bound of the engine <paramref name="from"/>: proven, or a MIP solver's dual bound.</summary>
    public void OfferUpper(CertificationMethod from, double upper, bool proven)
    {
        if (double.IsNaN(upper))
        {
            return;
        }

        lock (_gate)
        {
            if (proven)
            {
                _provenUpper = Math.Min(_provenUpper, upper);
            }
            else
            {
                _solverUpper = Math.Min(_solverUpper, upper);
                RefuteSolverBoundBelow(_witness?.Value ?? double.NegativeInfinity);
            }

            CheckClosed(from);
        }
    }

    /// <summary>Waits until a cancellation fired by a closure has run (so no callback outlives the run).</summary>
    public void Settle()
    {
        Task closing;
        lock (_gate)
        {
            closing = _closing;
        }

        closing.Wait();
    }

    private void RefuteSolverBoundBelow(double lower)
    {
        // Called under the lock. A point proven above the solver's bound shows the solver wrong here.
        if (double.IsFinite(_solverUpper) && _solverUpper < lower)
        {
            _solverUpperRefuted = true;
        }
    }

    private void CheckClosed(CertificationMethod from)
    {
        // Called under the lock.
        if (_closedBy is not null || _witness is null)
        {
            return;
        }

        var upper = Math.Min(_provenUpper, _solverUpperRefuted ? double.PositiveInfinity : _solverUpper);
        if (Certificate.Agree(_witness.Value, upper, _tolerance))
        {
            _closedBy = from;
            _closing = Task.Run(_closed.Cancel);
        }
    }
}

/// <summary>An engine's seat at a <see cref="BoundExchange"/>: what the engine publishes goes out tagged with it.</summary>
/// <param name="ProvesUpper">True when the engine's upper bounds are proven by ExactLip; false for a MIP solver's dual bound.</param>
public sealed record EngineLink(BoundExchange Exchange, CertificationMethod Engine, bool ProvesUpper)
{
    public void Offer(Witness witness) => Exchange.OfferWitness(Engine, witness);

    public void OfferUpper(double upper) => Exchange.OfferUpper(Engine, upper, ProvesUpper);
}

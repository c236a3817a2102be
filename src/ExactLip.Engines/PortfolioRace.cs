using System.Diagnostics;
using ExactLip.Certify;
using ExactLip.Core.Threading;
using ExactLip.Mip;

namespace ExactLip.Engines;

/// <summary>
/// One race of <see cref="PortfolioEngine"/>: branch and bound and the MIP path on two threads,
/// seated at one <see cref="BoundExchange"/>, both stopped by the caller's token or by the
/// exchange once the bounds meet.
/// Implementation note: each engine honours its token as it does for Ctrl-C: branch and bound
/// between sub-domains, the MIP path between its phases and in its solver's callbacks (GLPK and
/// SCIP call theirs often; HiGHS not during parts of its root node, where it went 2–6 s without
/// one, measured on mlp 10-60-60-3; CBC's C interface has none, docs/certify.md). So once the gap
/// is closed and the closing engine has returned, the race waits for the other engine at most
/// <see cref="RaceAllocationPolicy.StopGrace"/> (a small share of the race's time, so that the
/// stop does not cost the winner's wall time): one that is not back by then is left to end at its
/// solver's next check, on its own background thread at the lowest priority
/// (<see cref="RaceAllocationPolicy.HopelessNice"/>), and the result states its last reported
/// bounds (<see cref="Lane.Detached"/>). The race still waits for both engines when the gap did not
/// close, when the caller stopped the run, and for an engine that saves a checkpoint. An engine
/// that fails leaves the other to finish alone. With a head start (<see cref="PortfolioSplit.HeadStart"/>)
/// branch and bound runs alone first, and the MIP path starts only if branch and bound has not
/// settled the run by then. With <c>cores</c> the race moves the cores while it runs: every
/// <see cref="AllocationTick"/> it reads both engines' latest reports and applies what
/// <see cref="RaceAllocationPolicy"/> decides to branch and bound's <see cref="WorkerGate"/> and
/// to the MIP path's threads (<see cref="ThreadGroup"/>); each move is stated in the notes.
/// </summary>
internal sealed class PortfolioRace
{
    /// <summary>How often an adaptive race reads the evidence and moves the cores.</summary>
    public static readonly TimeSpan AllocationTick = TimeSpan.FromMilliseconds(100);

    private readonly ICertificationEngine _branchAndBound;
    private readonly ICertificationEngine _mip;
    private readonly int _mipThreads;
    private readonly TimeSpan _headStart;
    private readonly int? _cores;
    private readonly RaceAllocationPolicy _policy;

    /// <param name="cores">The cores to move between the engines while they race; null for the fixed split the engines were built with.</param>
    /// <param name="policy">How they move (<see cref="RaceAllocationPolicy.Default"/> when null).</param>
    public PortfolioRace(ICertificationEngine branchAndBound, ICertificationEngine mip, int mipThreads, TimeSpan headStart, int? cores = null, RaceAllocationPolicy? policy = null)
    {
        _policy = policy ?? RaceAllocationPolicy.Default;
        _branchAndBound = branchAndBound;
        _mip = mip;
        _mipThreads = mipThreads;
        _headStart = headStart;
        _cores = cores;
    }

    public Certificate Run(CertificationRequest request)
    {
        var clock = Stopwatch.StartNew();
        var exchange = new BoundExchange(request.Options.Tolerance);
        var stop = CancellationTokenSource.CreateLinkedTokenSource(request.CancellationToken, exchange.Closed);
        var progress = request.Progress is null ? null : new PortfolioProgress(request.Progress, exchange, clock);
        var allocation = _cores is { } cores ? new RaceAllocator(cores, _mipThreads, _policy) : null;
        var lanes = new[]
        {
            new Lane(_branchAndBound, request.Options with { Link = exchange.Seat(CertificationMethod.Bab, provesUpper: true), Gate = allocation?.Gate }, new ThreadGroup()),
            new Lane(_mip, request.Options with { Link = exchange.Seat(CertificationMethod.Mip, provesUpper: false), Threads = _mipThreads }, allocation?.MipThreads ?? new ThreadGroup()),
        };

        var threads = lanes.Select(lane => new Thread(() => lane.Run(request, exchange, clock, progress, stop.Token))
        {
            IsBackground = true,
            Name = $"portfolio-{lane.Engine.Method.Name()}",
        }).ToArray();
        threads[0].Start();
        if (BranchAndBoundAlone(lanes[0], clock, request.Network.InputSize)
            && (lanes[0].Result is { Status: CertificateStatus.Exact } or { Stop: StopReason.TimeLimit } || request.CancellationToken.IsCancellationRequested))
        {
            // Branch and bound settled the run within its head start (exact, out of time, or
            // stopped by the caller): the MIP path is not needed, or has no time left.
            lanes[1].NotStarted();
            stop.Dispose();
            exchange.Settle();
            return PortfolioResult.Combine(lanes, exchange, request, clock.Elapsed);
        }

        threads[1].Start();
        var done = lanes.Select(l => l.Done.WaitHandle).ToArray();
        int returned;
        while ((returned = WaitHandle.WaitAny(done, allocation is null ? Timeout.InfiniteTimeSpan : AllocationTick)) == WaitHandle.WaitTimeout)
        {
            allocation!.Step(lanes[0], lanes[1], exchange.Witness?.Value ?? 0, clock.Elapsed);
        }

        var first = lanes[returned];
        var other = lanes.Single(l => !ReferenceEquals(l, first));
        // Decided: the gap closed, not by the engine still running, and the one that returned has its result.
        // (ClosedBy, not the Closed token: the token is cancelled off the publisher's thread, a moment later.)
        var decided = first.Result is not null && exchange.ClosedBy is { } closer && closer != other.Engine.Method
            && !request.CancellationToken.IsCancellationRequested;
        if (!decided && first == lanes[1])
        {
            // The MIP path has returned without closing the gap: branch and bound goes on, on every core.
            allocation?.Step(lanes[0], lanes[1], exchange.Witness?.Value ?? 0, clock.Elapsed);
        }

        var grace = _policy.StopGrace(clock.Elapsed);
        if (decided && other.MayDetach(request) && !other.Done.Wait(grace) && other.Detach(clock.Elapsed, grace))
        {
            // The other engine ends at its solver's next check, at the lowest priority, so that what
            // is left of it takes next to nothing from what runs next; its thread disposes the token source then.
            other.Threads?.Demote(Math.Max(_policy.HopelessNice, other.Threads.Nice ?? 0));
            other.Exited.ContinueWith(_ => stop.Dispose(), TaskScheduler.Default);
        }
        else
        {
            foreach (var thread in threads)
            {
                thread.Join();
            }

            stop.Dispose();
        }

        exchange.Settle();
        if (lanes.All(l => l.Result is null && !l.Detached))
        {
            // Neither engine produced bounds: the first failure is the run's (one sentence for a user's error).
            throw lanes[0].Error!;
        }

        return PortfolioResult.Combine(lanes, exchange, request, clock.Elapsed, allocation?.Moves);
    }

    /// <summary>
    /// Lets branch and bound run alone first: its head start when one is set, else until it has
    /// bounded its root and run its start search, or, on a network of few inputs, a fixed while
    /// (<see cref="RaceAllocationPolicy.MipStartDelay"/>). True when it returned meanwhile.
    /// </summary>
    private bool BranchAndBoundAlone(Lane branchAndBound, Stopwatch clock, int inputs)
    {
        if (_headStart > TimeSpan.Zero)
        {
            return branchAndBound.Done.Wait(_headStart);
        }

        var signals = new[] { branchAndBound.Done.WaitHandle, branchAndBound.PastRoot.WaitHandle };
        TimeSpan wait;
        while (!branchAndBound.Done.IsSet && (wait = _policy.MipStartDelay(branchAndBound.PastRoot.IsSet, clock.Elapsed, inputs)) > TimeSpan.Zero)
        {
            if (branchAndBound.PastRoot.IsSet)
            {
                // Past its root (a set signal would end every wait at once), only its return ends the wait early.
                branchAndBound.Done.Wait(wait);
            }
            else
            {
                WaitHandle.WaitAny(signals, wait);
            }
        }

        return branchAndBound.Done.IsSet;
    }

    /// <summary>One engine in the race: its options, its result or failure, and when it ran.</summary>
    internal sealed class Lane
    {
        private readonly object _gate = new();
        private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private Certificate? _result;
        private Exception? _error;
        private CertifyProgress? _latest;
        private bool _detached;
        private TimeSpan _ended;
        private double _firstUpper = double.PositiveInfinity;
        private int? _binaries;
        private ThreadCpu? _cpu;
        private int _threadId;

        /// <param name="threads">The group the engine's threads join, so that the race can lower their priority; null: none.</param>
        public Lane(ICertificationEngine engine, CertifyOptions options, ThreadGroup? threads = null)
        {
            Engine = engine;
            Options = options;
            Threads = threads;
        }

        /// <summary>The group of the engine's threads, or null.</summary>
        public ThreadGroup? Threads { get; }

        /// <summary>The engine's first finite upper bound (its bound propagation's), infinite before any.</summary>
        public double FirstUpper
        {
            get
            {
                lock (_gate)
                {
                    return _firstUpper;
                }
            }
        }

        /// <summary>
        /// What the engine's own thread got of the cores (not its workers' or a solver's threads):
        /// at its return, or now while it runs; null where unknown.
        /// </summary>
        public ThreadCpu? Cpu
        {
            get
            {
                lock (_gate)
                {
                    return _cpu ?? ThreadCpu.Of(_threadId);
                }
            }
        }

        /// <summary>The binaries of the largest MIP the engine has built, null before any.</summary>
        public int? Binaries
        {
            get
            {
                lock (_gate)
                {
                    return _binaries;
                }
            }
        }

        public ICertificationEngine Engine { get; }

        public CertifyOptions Options { get; }

        /// <summary>Set once the engine has returned (or failed).</summary>
        public ManualResetEventSlim Done { get; } = new();

        /// <summary>Set at the engine's first report past its whole-box bounds (branch and bound: its root is bounded and its start search done).</summary>
        public ManualResetEventSlim PastRoot { get; } = new();

        /// <summary>Completes when the engine's thread is done with the race, detached or not.</summary>
        public Task Exited => _exited.Task;

        /// <summary>The engine's certificate; null when it failed, or when the race stated its result without waiting for it.</summary>
        public Certificate? Result
        {
            get
            {
                lock (_gate)
                {
                    return _detached ? null : _result;
                }
            }
        }

        public Exception? Error
        {
            get
            {
                lock (_gate)
                {
                    return _detached ? null : _error;
                }
            }
        }

        /// <summary>
        /// True when the race stated its result while this engine, asked to stop, had not yet
        /// returned (<see cref="StopGrace"/>); its result is then its last report (<see cref="Latest"/>).
        /// </summary>
        public bool Detached
        {
            get
            {
                lock (_gate)
                {
                    return _detached;
                }
            }
        }

        /// <summary>The engine's latest progress report (its own bounds and nodes), null before any.</summary>
        public CertifyProgress? Latest
        {
            get
            {
                lock (_gate)
                {
                    return _latest;
                }
            }
        }

        /// <summary>When the engine started, on the race's clock (its history is shifted by it).</summary>
        public TimeSpan Started { get; private set; }

        /// <summary>When the engine returned, or the race stopped waiting for it, on the race's clock.</summary>
        public TimeSpan Ended
        {
            get
            {
                lock (_gate)
                {
                    return _ended;
                }
            }
        }

        /// <summary>True when the bounds had met (by either engine) before this engine returned.</summary>
        public bool Closed { get; private set; }

        /// <summary>True when the engine was still running when the other closed the gap, and was stopped.</summary>
        public bool Cancelled { get; private set; }

        /// <summary>
        /// True when the race may state its result without this engine's return: not when it saves
        /// a checkpoint, whose last save must be written before the run ends.
        /// </summary>
        public bool MayDetach(CertificationRequest request) =>
            !(Engine.Method == CertificationMethod.Bab && request.Checkpoint is not null);

        /// <summary>True when the engine was not started: the other settled the run within its head start.</summary>
        public bool Skipped { get; private set; }

        /// <summary>Marks the engine as never started (<see cref="Skipped"/>).</summary>
        public void NotStarted()
        {
            Skipped = true;
            Cancelled = true;
        }

        /// <summary>How long the race waited for this engine before it stopped waiting (<see cref="Detached"/>).</summary>
        public TimeSpan Grace { get; private set; }

        /// <summary>Stops waiting for this engine after <paramref name="grace"/>, unless it returned meanwhile (then false).</summary>
        public bool Detach(TimeSpan now, TimeSpan grace)
        {
            lock (_gate)
            {
                if (Done.IsSet)
                {
                    return false;
                }

                _detached = true;
                _ended = now;
                Grace = grace;
                Cancelled = true;
                return true;
            }
        }

        public void Run(CertificationRequest request, BoundExchange exchange, Stopwatch clock, PortfolioProgress? progress, CancellationToken stop)
        {
            Started = clock.Elapsed;
            lock (_gate)
            {
                _threadId = ThreadNice.CurrentThreadId();
            }

            // This thread, and the threads it starts (a solver's), are the engine's: the race may lower their priority.
            using var group = Threads?.Enter();
            using var member = ThreadGroup.Enlist();
            try
            {
                var result = Engine.Certify(request with
                {
                    Options = Options,
                    Progress = new LaneSink(this, progress?.For(Engine.Method)),
                    CancellationToken = stop,
                    MipReady = NoteModel,

                    // Only branch and bound's search can be saved and resumed; the MIP lane starts afresh.
                    Checkpoint = Engine.Method == CertificationMethod.Bab ? request.Checkpoint : null,
                });

                // What it ended with goes to the exchange, which ends the other engine once the bounds meet.
                exchange.OfferWitness(Engine.Method, result.Witness);
                exchange.OfferUpper(Engine.Method, result.Upper, result.UpperSource == UpperBoundSource.Proven);
                Finish(clock, exchange, request, result, null);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Finish(clock, exchange, request, null, e);
            }
            finally
            {
                var cpu = ThreadCpu.Of(ThreadNice.CurrentThreadId());
                lock (_gate)
                {
                    _cpu = cpu;
                }

                _exited.TrySetResult();
            }
        }

        /// <summary>Keeps the size of the engine's largest MIP (evidence for the race's allocation).</summary>
        private void NoteModel(int subproblem, MipModel model)
        {
            var binaries = model.IntegerCount;
            lock (_gate)
            {
                _binaries = Math.Max(_binaries ?? 0, binaries);
            }
        }

        private void Finish(Stopwatch clock, BoundExchange exchange, CertificationRequest request, Certificate? result, Exception? error)
        {
            lock (_gate)
            {
                if (!_detached)
                {
                    _result = result;
                    _error = error;
                    _ended = clock.Elapsed;

                    // Closed before this engine returned, by the other's publication or by its own.
                    Closed = exchange.ClosedBy is not null;
                    Cancelled = result is not null && Closed && exchange.ClosedBy != Engine.Method && !request.CancellationToken.IsCancellationRequested;
                }

                Done.Set();
            }
        }

        /// <summary>Keeps the engine's latest report and passes it on, until the race stops listening to a detached engine.</summary>
        private sealed class LaneSink : IProgress<CertifyProgress>
        {
            private readonly Lane _lane;
            private readonly IProgress<CertifyProgress>? _next;

            public LaneSink(Lane lane, IProgress<CertifyProgress>? next)
            {
                _lane = lane;
                _next = next;
            }

            public void Report(CertifyProgress value)
            {
                lock (_lane._gate)
                {
                    if (_lane._detached)
                    {
                        return;
                    }

                    _lane._latest = value;
                    if (value.Phase != RunPhase.Bounds)
                    {
                        _lane.PastRoot.Set();
                    }
                    if (double.IsPositiveInfinity(_lane._firstUpper) && double.IsFinite(value.Upper))
                    {
                        _lane._firstUpper = value.Upper;
                    }
                }

                _next?.Report(value);
            }
        }
    }
}

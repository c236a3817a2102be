using System.Diagnostics;
using ExactLip.Certify;

namespace ExactLip.Engines;

/// <summary>
/// One race of <see cref="PortfolioEngine"/>: branch and bound and the MIP path on two threads,
/// seated at one <see cref="BoundExchange"/>, both stopped by the caller's token or by the
/// exchange once the bounds meet.
/// Implementation note: the race returns only after both engines have returned (their threads
/// joined, the exchange's cancellation run), so no engine of a finished run keeps a core or a
/// solver handle; each engine honours its token as it does for Ctrl-C (HiGHS, SCIP and GLPK stop
/// their search at once; CBC's C interface cannot be interrupted, and its abandoned search ends at
/// its own time limit, docs/certify.md). An engine that fails leaves the other to finish alone.
/// </summary>
internal sealed class PortfolioRace
{
    private readonly ICertificationEngine _branchAndBound;
    private readonly ICertificationEngine _mip;
    private readonly int _mipThreads;

    public PortfolioRace(ICertificationEngine branchAndBound, ICertificationEngine mip, int mipThreads)
    {
        _branchAndBound = branchAndBound;
        _mip = mip;
        _mipThreads = mipThreads;
    }

    public Certificate Run(CertificationRequest request)
    {
        var clock = Stopwatch.StartNew();
        var exchange = new BoundExchange(request.Options.Tolerance);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(request.CancellationToken, exchange.Closed);
        var progress = request.Progress is null ? null : new PortfolioProgress(request.Progress, exchange, clock);
        var lanes = new[]
        {
            new Lane(_branchAndBound, request.Options with { Link = exchange.Seat(CertificationMethod.Bab, provesUpper: true) }),
            new Lane(_mip, request.Options with { Link = exchange.Seat(CertificationMethod.Mip, provesUpper: false), Threads = _mipThreads }),
        };

        var threads = lanes.Select(lane => new Thread(() => lane.Run(request, exchange, clock, progress, stop.Token))
        {
            IsBackground = true,
            Name = $"portfolio-{lane.Engine.Method.Name()}",
        }).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        exchange.Settle();
        if (lanes.All(l => l.Result is null))
        {
            // Neither engine produced bounds: the first failure is the run's (one sentence for a user's error).
            throw lanes[0].Error!;
        }

        return PortfolioResult.Combine(lanes, exchange, request, clock.Elapsed);
    }

    /// <summary>One engine in the race: its options, its result or failure, and when it ran.</summary>
    internal sealed class Lane
    {
        public Lane(ICertificationEngine engine, CertifyOptions options)
        {
            Engine = engine;
            Options = options;
        }

        public ICertificationEngine Engine { get; }

        public CertifyOptions Options { get; }

        public Certificate? Result { get; private set; }

        public Exception? Error { get; private set; }

        /// <summary>When the engine started, on the race's clock (its history is shifted by it).</summary>
        public TimeSpan Started { get; private set; }

        /// <summary>When the engine returned, on the race's clock.</summary>
        public TimeSpan Ended { get; private set; }

        /// <summary>True when the bounds had met (by either engine) before this engine returned.</summary>
        public bool Closed { get; private set; }

        /// <summary>True when the engine was still running when the other closed the gap, and was stopped.</summary>
        public bool Cancelled { get; private set; }

        public void Run(CertificationRequest request, BoundExchange exchange, Stopwatch clock, PortfolioProgress? progress, CancellationToken stop)
        {
            Started = clock.Elapsed;
            try
            {
                Result = Engine.Certify(request with
                {
                    Options = Options,
                    Progress = progress?.For(Engine.Method),
                    CancellationToken = stop,
                    MipReady = null,

                    // Only branch and bound's search can be saved and resumed; the MIP lane starts afresh.
                    Checkpoint = Engine.Method == CertificationMethod.Bab ? request.Checkpoint : null,
                });

                // Closed before this engine returned, by the other's publication or by its own.
                Closed = exchange.Closed.IsCancellationRequested;
                Cancelled = Closed && exchange.ClosedBy != Engine.Method && !request.CancellationToken.IsCancellationRequested;

                // What it ended with goes to the exchange, which ends the other engine once the bounds meet.
                exchange.OfferWitness(Engine.Method, Result.Witness);
                exchange.OfferUpper(Engine.Method, Result.Upper, Result.UpperSource == UpperBoundSource.Proven);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Error = e;
            }
            finally
            {
                Ended = clock.Elapsed;
            }
        }
    }
}

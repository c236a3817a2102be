using System.Diagnostics;
using ExactLip.Core;
using ExactLip.Mip;
using ExactLip.Mip.Solving;
using ExactLip.Solvers.Interop;
using static ExactLip.Solvers.Cbc.CbcConstants;

namespace ExactLip.Solvers.Cbc;

/// <summary>
/// One CBC solve on its own thread: builds the model, captures the log while Cbc_solve runs,
/// and collects the outcome. The caller may stop waiting at any time and read the bounds parsed
/// so far; the native search then runs on until its own end.
/// </summary>
internal sealed unsafe class CbcRun
{
    private readonly MipModel _model;
    private readonly SolveOptions _options;
    private readonly Stopwatch _clock;
    private readonly CbcLogParser _parser;
    private readonly object _parseLock = new();
    private SolveOutcome? _outcome;
    private Exception? _error;

    public CbcRun(MipModel model, SolveOptions options, IProgress<SolveProgress>? progress, Stopwatch clock)
    {
        _model = model;
        _options = options;
        _clock = clock;
        _parser = new CbcLogParser(sense: -1, model.ObjectiveOffset);
        Recorder = new ProgressRecorder(progress, options.ProgressInterval, clock);
    }

    public ManualResetEventSlim Done { get; } = new(false);

    public ProgressRecorder Recorder { get; }

    /// <summary>Runs the solve; never throws (the thread it runs on has no one to catch).</summary>
    public void Execute(SemaphoreSlim gate)
    {
        try
        {
            using var cbc = CbcModelHandle.Create();
            CbcProblemLoader.Load(cbc, _model);
            Configure(cbc);
            using (new SignalGuard())
            using (new StdoutCapture(OnLine))
            {
                CbcNative.Cbc_solve(cbc);
            }

            _outcome = Collect(cbc);
        }
        catch (Exception e)
        {
            _error = e;
        }
        finally
        {
            gate.Release();
            Done.Set();
        }
    }

    /// <summary>The finished outcome; rethrows a failure of the solve thread.</summary>
    public SolveOutcome Result()
    {
        if (_error is not null)
        {
            throw _error as ExactLipException ?? new SolverFailedException($"CBC failed: {_error.Message.TrimEnd('.')}.");
        }

        return _outcome!;
    }

    /// <summary>
    /// What is known now, for a caller who stops waiting: the log's dual bound. The log's primal
    /// value stays in the progress history but not in the outcome, whose primal must be the
    /// objective of a returned solution, and an abandoned search returns none.
    /// </summary>
    public SolveOutcome Interrupted(SolveStatus status)
    {
        lock (_parseLock)
        {
            return new SolveOutcome(status, null, _parser.Dual, null, _parser.Nodes, _clock.Elapsed.TotalSeconds, Recorder.History());
        }
    }

    private void Configure(CbcModelHandle cbc)
    {
        // Level 1 is what prints the status lines the progress comes from; none of it is shown.
        CbcNative.Cbc_setLogLevel(cbc, 1);
        CbcNative.Cbc_setAllowableFractionGap(cbc, _options.RelativeGap);

        // CBC's preprocessing (CglPreProcess) declares some LipMIP models infeasible that have
        // feasible points and an optimum GLPK and CBC itself without preprocessing agree on
        // (measured on CBC 2.10.8, and again on 2.10.12, the default: with preprocessing on, five
        // and six oracle and certify tests end as bounds; see docs/solvers.md). A wrong
        // "infeasible" would turn into a wrong upper bound, so preprocessing stays off.
        CbcNative.Cbc_setParameter(cbc, "preprocess", "off");

        // As for GLPK: a looser integrality tolerance moves the objective by tolerance × big-M.
        CbcNative.Cbc_setParameter(cbc, "integerTolerance", "1e-9");
        if (_options.Cutoff is { } cutoff && _model.IsMip)
        {
            // CBC minimises −cᵀx − offset (see CbcProblemLoader): a maximisation cutoff c becomes −(c − offset).
            CbcNative.Cbc_setCutoff(cbc, -(cutoff - _model.ObjectiveOffset));
        }
        if (_options.Threads > 1)
        {
            CbcNative.Cbc_setParameter(cbc, "threads", _options.Threads.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (_options.TimeLimit is { } limit)
        {
            // CBC counts CPU seconds unless told otherwise.
            CbcNative.Cbc_setParameter(cbc, "timeMode", "elapsed");
            CbcNative.Cbc_setMaximumSeconds(cbc, Math.Max(limit.TotalSeconds, 1e-3));
        }
    }

    /// <summary>Where to copy CBC's log lines, from EXACTLIP_CBC_LOG, for diagnosing the solver.</summary>
    private static readonly string? LogCopy = Environment.GetEnvironmentVariable("EXACTLIP_CBC_LOG");

    private void OnLine(string line)
    {
        if (LogCopy is not null)
        {
            File.AppendAllText(LogCopy, line + Environment.NewLine);
        }

        long nodes;
        double? primal;
        double? dual;
        string? news;
        lock (_parseLock)
        {
            news = _parser.Accept(line);
            (nodes, primal, dual) = (_parser.Nodes, _parser.Primal, _parser.Dual);
        }

        if (news is not null)
        {
            // Parsed from the printed log: rounded, so for progress only.
            Recorder.Record(nodes, primal, dual, news, rounded: true);
        }
    }

    private SolveOutcome Collect(CbcModelHandle cbc)
    {
        var seconds = _clock.Elapsed.TotalSeconds;
        var offset = _model.ObjectiveOffset;
        var n = _model.Variables.Count;
        var nodes = (long)CbcNative.Cbc_getNodeCount(cbc);
        if (!_model.IsMip)
        {
            // CBC minimises −cᵀx (see CbcProblemLoader), hence the negations below.
            // A pure LP never reaches branch and bound: Cbc_status stays CbcStatusNotStarted and the best possible
            // value is −DBL_MAX, so the LP optimum is both bounds.
            if (CbcNative.Cbc_isProvenOptimal(cbc) != 0)
            {
                var x = Copy(CbcNative.Cbc_getColSolution(cbc), n);
                var value = -CbcNative.Cbc_getObjValue(cbc) + offset;
                return Outcome(SolveStatus.Optimal, value, value, x, 0, seconds) with { RowDuals = RowDuals(cbc) };
            }

            return NoSolution(cbc, 0, seconds);
        }

        // Cbc_bestSolution is null after some successful solves (measured with preprocessing off),
        // while the column solution holds the optimum: fall back to it when CBC proved optimality.
        var best = CbcNative.Cbc_bestSolution(cbc);
        if (best is null && CbcNative.Cbc_isProvenOptimal(cbc) != 0)
        {
            best = CbcNative.Cbc_getColSolution(cbc);
        }

        double[]? solution = best is null ? null : Copy(best, n);
        double? primal = solution is null ? null : -CbcNative.Cbc_getObjValue(cbc) + offset;
        var bound = CbcNative.Cbc_getBestPossibleObjValue(cbc);
        double? dual = Math.Abs(bound) < 1e49 ? -bound + offset : null;
        if (CbcNative.Cbc_isProvenOptimal(cbc) != 0 && primal is { } p)
        {
            // Proven within the gap: the bound is at least the incumbent.
            return Outcome(SolveStatus.Optimal, p, Math.Max(dual ?? p, p), solution, nodes, seconds);
        }

        var status = CbcNative.Cbc_status(cbc);
        var secondary = CbcNative.Cbc_secondaryStatus(cbc);
        if (status == CbcStatusStoppedOnLimit || CbcNative.Cbc_isSecondsLimitReached(cbc) != 0)
        {
            lock (_parseLock)
            {
                dual ??= _parser.Dual;
            }

            return Outcome(SolveStatus.TimeLimit, primal, dual, solution, nodes, seconds);
        }

        if (status == CbcStatusUserStopped)
        {
            return Outcome(SolveStatus.Interrupted, primal, dual, solution, nodes, seconds);
        }

        if (secondary == CbcSecondaryRelaxationUnbounded || CbcNative.Cbc_isContinuousUnbounded(cbc) != 0)
        {
            return Outcome(SolveStatus.Unbounded, primal, double.PositiveInfinity, solution, nodes, seconds);
        }

        return NoSolution(cbc, nodes, seconds);
    }

    /// <summary>
    /// The rows' duals from the reduced costs of their slack columns (CbcProblemLoader): moving a
    /// binding side moves its nonbasic slack, and CBC's minimum of −cᵀx by the reduced cost per
    /// unit, so the maximum moves by its negation.
    /// </summary>
    private double[]? RowDuals(CbcModelHandle cbc)
    {
        if (!CbcProblemLoader.SlackColumns(_model))
        {
            return null;
        }

        var n = _model.Variables.Count;
        var m = _model.Rows.Count;
        var reduced = CbcNative.Cbc_getReducedCost(cbc);
        if (reduced is null)
        {
            return null;
        }

        var y = new double[m];
        for (var i = 0; i < m; i++)
        {
            y[i] = -reduced[n + i];
        }

        return y;
    }

    private SolveOutcome NoSolution(CbcModelHandle cbc, long nodes, double seconds)
    {
        bool unbounded;
        lock (_parseLock)
        {
            unbounded = _parser.SawUnbounded && !_model.IsMip;
        }

        // Unbounded first: for an unbounded LP, Cbc_isProvenInfeasible also returns 1 (measured).
        if (unbounded || CbcNative.Cbc_isContinuousUnbounded(cbc) != 0)
        {
            return Outcome(SolveStatus.Unbounded, null, double.PositiveInfinity, null, nodes, seconds);
        }

        if (CbcNative.Cbc_isProvenInfeasible(cbc) != 0)
        {
            return Outcome(SolveStatus.Infeasible, null, null, null, nodes, seconds);
        }

        if (CbcNative.Cbc_isSecondsLimitReached(cbc) != 0)
        {
            return Outcome(SolveStatus.TimeLimit, null, null, null, nodes, seconds);
        }

        throw new SolverFailedException(
            $"CBC stopped without a result (status {CbcNative.Cbc_status(cbc)}, secondary status {CbcNative.Cbc_secondaryStatus(cbc)}, abandoned {CbcNative.Cbc_isAbandoned(cbc)}).");
    }

    private SolveOutcome Outcome(SolveStatus status, double? primal, double? dual, double[]? solution, long nodes, double seconds)
    {
        Recorder.Record(nodes, primal, dual, "final", force: true);
        return new SolveOutcome(status, primal, dual, solution, nodes, seconds, Recorder.History());
    }

    private static double[]? Copy(double* values, int n) =>
        values is null ? null : new ReadOnlySpan<double>(values, n).ToArray();
}

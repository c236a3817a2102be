using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using ExactLip.Core;
using ExactLip.Mip;
using ExactLip.Mip.Solving;
using static ExactLip.Solvers.Highs.HighsConstants;

namespace ExactLip.Solvers.Highs;

/// <summary>
/// One HiGHS solve: options, start, callback, Highs_run, and the mapping of HiGHS's model status
/// to a <see cref="SolveOutcome"/>, all in this one place.
/// Implementation note: HiGHS's presolve answers "infeasible or unbounded" without saying which;
/// the LP relaxation, solved again without presolve, decides (a MIP whose relaxation is bounded
/// cannot be unbounded; one whose relaxation is infeasible is infeasible). HiGHS's MIP feasibility
/// tolerance is 1e-7, measured with HiGHS 1.12.0: at its default 1e-6 the search "improves" a
/// LipMIP optimum by exploiting row violations of 1e-6, too coarse for values certified to a
/// relative 1e-6 (a 0.742 constant came back with an upper bound 1e-6 too high); at 1e-9, the
/// tolerance GLPK and CBC get, HiGHS declared the CartPole margin MIP infeasible (and with a start,
/// "optimal" at the start's value: a wrong upper bound). 1e-8 and 1e-7 gave the oracle's value on
/// every certify test; 1e-7 keeps a decade between the setting and the failure.
/// </summary>
internal sealed unsafe class HighsRun
{
    private readonly MipModel _model;
    private readonly SolveOptions _options;
    private readonly ProgressRecorder _recorder;
    private readonly Stopwatch _clock;

    public HighsRun(MipModel model, SolveOptions options, ProgressRecorder recorder, Stopwatch clock)
    {
        _model = model;
        _options = options;
        _recorder = recorder;
        _clock = clock;
    }

    public SolveOutcome Execute(CancellationToken token)
    {
        using var highs = HighsHandle.Create();
        HighsProblemLoader.Load(highs, _model);
        var threads = HighsThreads.Enter(_options.Threads);
        try
        {
            Configure(highs, threads);
            var search = new HighsSearch(_recorder, new StartTracker(_model), token);
            var handle = GCHandle.Alloc(search);
            try
            {
                HighsCall.Check(HighsNative.Highs_setCallback(highs, &HighsSearch.Callback, GCHandle.ToIntPtr(handle)), "Highs_setCallback");
                foreach (var type in new[] { kHighsCallbackSimplexInterrupt, kHighsCallbackIpmInterrupt, kHighsCallbackMipImprovingSolution, kHighsCallbackMipLogging, kHighsCallbackMipInterrupt })
                {
                    HighsCall.Check(HighsNative.Highs_startCallback(highs, type), $"Highs_startCallback({type})");
                }

                var code = HighsNative.Highs_run(highs);
                if (search.Error is { } error)
                {
                    throw error as ExactLipException ?? new SolverFailedException($"The HiGHS progress callback failed: {error.Message.TrimEnd('.')}.");
                }

                return Outcome(highs, code, search);
            }
            finally
            {
                handle.Free();
            }
        }
        finally
        {
            HighsThreads.Exit();
        }
    }

    private void Configure(HighsHandle highs, int threads)
    {
        if (_options.TimeLimit is { } limit)
        {
            HighsCall.SetOption(highs, "time_limit", Math.Max(1e-3, (limit - _clock.Elapsed).TotalSeconds));
        }

        HighsCall.SetOption(highs, "mip_rel_gap", _options.RelativeGap);
        HighsCall.SetOption(highs, "mip_abs_gap", 1e-9);
        HighsCall.SetOption(highs, "mip_feasibility_tolerance", 1e-7);

        // HiGHS writes a MIP log line (and raises the logging callback) at most this often;
        // the default is 5 s.
        HighsCall.SetOption(highs, "mip_min_logging_interval", (_options.ProgressInterval ?? TimeSpan.FromSeconds(0.5)).TotalSeconds);
        HighsCall.SetOption(highs, "threads", threads);

        // No RENS or RINS sub-MIPs: on LipMIP models HiGHS spent most of its root node in them
        // (the digits CNN: ~4 of 11 s, a root incumbent the start search had nearly found
        // already), and without them the same proofs came in about a third less CPU time and the
        // certify suite's MIPs closed more gaps within the limit (docs/benchmarks.md, "The
        // trained digits CNN"). Heuristics only find incumbents; the dual bound is unchanged.
        HighsCall.SetOption(highs, "mip_heuristic_run_rens", false);
        HighsCall.SetOption(highs, "mip_heuristic_run_rins", false);

        // SolveOptions.Cutoff is not passed (back ends may ignore it): HiGHS would need it as
        // "objective_bound" in its internal sense, and a misread cutoff would become a wrong bound.
        if (ModelChecks.HasUsableStart(_model))
        {
            var start = Starts.Clamped(_model);
            fixed (double* x = start)
            {
                HighsCall.Check(HighsNative.Highs_setSolution(highs, x, null, null, null), "Highs_setSolution");
            }
        }
    }

    private SolveOutcome Outcome(HighsHandle highs, int runCode, HighsSearch search)
    {
        var status = HighsNative.Highs_getModelStatus(highs);
        var nodes = Math.Max(search.Bounds.Nodes, Int64Info(highs, "mip_node_count") ?? 0);
        var hasSolution = IntInfo(highs, "primal_solution_status") == kHighsSolutionStatusFeasible;
        double? primal = hasSolution ? HighsNative.Highs_getObjectiveValue(highs) : null;
        var x = hasSolution ? Solution(highs) : null;
        var dual = _model.IsMip ? Finite(DoubleInfo(highs, "mip_dual_bound")) ?? search.Bounds.Dual : null;
        switch (status)
        {
            case kHighsModelStatusOptimal when primal is { } p:
                return Finish(SolveStatus.Optimal, p, _model.IsMip ? Math.Max(dual ?? p, p) : p, x, nodes) with { RowDuals = _model.IsMip ? null : RowDuals(highs) };
            case kHighsModelStatusInfeasible:
                return Finish(SolveStatus.Infeasible, null, null, null, nodes);
            case kHighsModelStatusUnbounded:
                return Finish(SolveStatus.Unbounded, null, double.PositiveInfinity, null, nodes);
            case kHighsModelStatusUnboundedOrInfeasible:
                return Finish(Relaxation(), null, null, null, nodes) is var o && o.Status == SolveStatus.Unbounded
                    ? o with { Dual = double.PositiveInfinity }
                    : o;
            case kHighsModelStatusTimeLimit:
                return Finish(search.Cancelled ? SolveStatus.Interrupted : SolveStatus.TimeLimit, primal, Above(dual, primal), x, nodes);
            // A solve error is never an optimum, whatever the bounds seen before it: HiGHS's final
            // check refused its own solution (measured once on a LipMIP model whose rows it found
            // violated by its feasibility tolerance). It falls to the failure below; the run then
            // ends with the bounds it already holds.
            case kHighsModelStatusInterrupt:
                return Finish(SolveStatus.Interrupted, primal, Above(dual, primal), x, nodes);
            default:
                if (search.Cancelled)
                {
                    return Finish(SolveStatus.Interrupted, primal, Above(dual, primal), x, nodes);
                }

                throw new SolverFailedException(string.Create(CultureInfo.InvariantCulture, $"HiGHS stopped with model status {status} (Highs_run returned {runCode}; best solution {primal ?? search.Bounds.Primal}, bound {dual ?? search.Bounds.Dual}, info bound {DoubleInfo(highs, "mip_dual_bound")})."));
        }
    }

    /// <summary>Infeasible or unbounded, decided by the LP relaxation without presolve.</summary>
    private SolveStatus Relaxation()
    {
        using var lp = HighsHandle.Create();
        HighsProblemLoader.Load(lp, _model, relax: true);
        HighsCall.SetOption(lp, "presolve", "off");
        HighsCall.SetOption(lp, "solver", "simplex");

        // Highs_run's own status is a warning for an infeasible or unbounded LP: the model status decides.
        HighsNative.Highs_run(lp);
        return HighsNative.Highs_getModelStatus(lp) switch
        {
            kHighsModelStatusUnbounded => SolveStatus.Unbounded,
            kHighsModelStatusInfeasible => SolveStatus.Infeasible,
            kHighsModelStatusOptimal => SolveStatus.Infeasible,
            var other => throw new SolverFailedException($"HiGHS could not tell infeasible from unbounded (the relaxation ended with model status {other})."),
        };
    }

    private SolveOutcome Finish(SolveStatus status, double? primal, double? dual, double[]? x, long nodes)
    {
        _recorder.Record(nodes, primal, dual, "final", force: true);
        return new SolveOutcome(status, primal, dual, x, nodes, _clock.Elapsed.TotalSeconds, _recorder.History());
    }

    /// <summary>A bound seen before the last incumbent may sit a rounding error below it.</summary>
    private static double? Above(double? dual, double? primal) =>
        dual is { } d && primal is { } p ? Math.Max(d, p) : dual;

    private static double? Finite(double? value) => value is { } v && Math.Abs(v) < 1e300 ? v : null;

    private double[] Solution(HighsHandle highs)
    {
        var x = new double[_model.Variables.Count];
        var rows = new double[Math.Max(1, _model.Rows.Count)];
        fixed (double* px = x, pr = rows)
        {
            HighsCall.Check(HighsNative.Highs_getSolution(highs, px, null, pr, null), "Highs_getSolution");
        }

        return x;
    }

    /// <summary>
    /// HiGHS's row duals of an LP, when it reports a feasible dual solution. HiGHS's documentation
    /// (terminology, "Dual values") gives an active bound's dual as the change of the objective
    /// when that bound increases, with the signs reversed when maximising (≥ 0 at an upper bound):
    /// the convention of SolveOutcome.RowDuals, so they pass unchanged. Not measured here (HiGHS
    /// was not installed where this was written; the back-end dual tests run wherever it is): a
    /// wrong sign would only make the dual bound weak, never wrong, as LagrangianBound replaces
    /// multipliers of the wrong sign by 0.
    /// </summary>
    private double[]? RowDuals(HighsHandle highs)
    {
        if (IntInfo(highs, "dual_solution_status") != kHighsSolutionStatusFeasible)
        {
            return null;
        }

        var x = new double[Math.Max(1, _model.Variables.Count)];
        var y = new double[Math.Max(1, _model.Rows.Count)];
        fixed (double* px = x, py = y)
        {
            HighsCall.Check(HighsNative.Highs_getSolution(highs, px, null, null, py), "Highs_getSolution");
        }

        return _model.Rows.Count == 0 ? Array.Empty<double>() : y;
    }

    private static int? IntInfo(HighsHandle highs, string name)
    {
        int value;
        return HighsNative.Highs_getIntInfoValue(highs, name, &value) == kHighsStatusOk ? value : null;
    }

    private static long? Int64Info(HighsHandle highs, string name)
    {
        long value;
        return HighsNative.Highs_getInt64InfoValue(highs, name, &value) == kHighsStatusOk ? value : null;
    }

    private static double? DoubleInfo(HighsHandle highs, string name)
    {
        double value;
        return HighsNative.Highs_getDoubleInfoValue(highs, name, &value) == kHighsStatusOk ? value : null;
    }
}

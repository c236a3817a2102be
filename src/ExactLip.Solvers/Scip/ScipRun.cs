using System.Diagnostics;
using System.Runtime.InteropServices;
using ExactLip.Core;
using ExactLip.Mip;
using ExactLip.Mip.Solving;
using static ExactLip.Solvers.Scip.ScipConstants;

namespace ExactLip.Solvers.Scip;

/// <summary>
/// One SCIP solve: parameters, start, progress handler, SCIPsolve, and the mapping of SCIP's
/// status to a <see cref="SolveOutcome"/>, all in this one place.
/// Implementation note: SCIP installs its own SIGINT handler during SCIPsolve unless
/// misc/catchctrlc is off; it is turned off so Ctrl-C reaches ExactLip's handler, whose token
/// then calls SCIPinterruptSolve (from the event handler, and from the token's callback for
/// long stretches without events such as a large root LP). "Infeasible or unbounded" is decided
/// by the LP relaxation without presolving, as for HiGHS. Tolerances stay at SCIP's defaults
/// and the linear-to-varbound upgrade is off, chosen by measurement with SCIP 9.2.4 (SoPlex
/// 7.1.6) on the 180 certify oracle runs (30 random networks × 6 quantities, region enumeration
/// as reference): defaults gave 0 wrong and 4 inexact results (optima up to 3e-6 high, one
/// SCIP_INVALIDDATA from the varbound upgrade); defaults without the upgrade 0 wrong, 1 inexact;
/// numerics/feastol = 1e-7 gave 1 inexact with the upgrade and one wrong optimum without it
/// (0.420 for a true 0.673), and 1e-9 several wrong optima. A wrong optimum becomes a wrong
/// certificate, an inexact one only a bound, so the defaults win.
/// </summary>
internal sealed unsafe class ScipRun
{
    private readonly MipModel _model;
    private readonly SolveOptions _options;
    private readonly ProgressRecorder _recorder;
    private readonly Stopwatch _clock;
    private readonly ScipAbi _abi;

    public ScipRun(MipModel model, SolveOptions options, ProgressRecorder recorder, Stopwatch clock)
    {
        _model = model;
        _options = options;
        _recorder = recorder;
        _clock = clock;
        _abi = ScipLibrary.Abi;
    }

    public SolveOutcome Execute(CancellationToken token)
    {
        using var scip = ScipHandle.Create();
        var vars = ScipProblemLoader.Load(scip, _model);
        Configure(scip);
        if (ModelChecks.HasUsableStart(_model))
        {
            OfferStart(scip, vars);
        }

        var search = new ScipSearch(_abi, ScipNative.SCIPinfinity(scip), _recorder, new StartTracker(_model), token);
        var handle = GCHandle.Alloc(search);
        try
        {
            IntPtr eventhdlr;
            ScipCall.Check(ScipNative.SCIPincludeEventhdlrBasic(scip, &eventhdlr, "exactlip_progress", "reports bounds and nodes to ExactLip", &ScipSearch.Execute, GCHandle.ToIntPtr(handle)), "SCIPincludeEventhdlrBasic");
            ScipCall.Check(ScipNative.SCIPsetEventhdlrInit(scip, eventhdlr, &ScipSearch.Init), "SCIPsetEventhdlrInit");
            ScipCall.Check(ScipNative.SCIPsetEventhdlrExit(scip, eventhdlr, &ScipSearch.Exit), "SCIPsetEventhdlrExit");
            int code;
            var raw = scip.DangerousGetHandle();
            using (token.Register(() => ScipNative.SCIPinterruptSolve(raw)))
            {
                code = ScipNative.SCIPsolve(scip);
            }

            if (search.Error is { } error)
            {
                throw error as ExactLipException ?? new SolverFailedException($"The SCIP progress handler failed: {error.Message.TrimEnd('.')}.");
            }

            ScipCall.Check(code, "SCIPsolve");
            return Outcome(scip, vars, search, token);
        }
        finally
        {
            // SCIPfree (in scip's Dispose) still runs the handler's exit callback, so the GCHandle
            // must outlive it: free the instance first.
            scip.Dispose();
            handle.Free();
        }
    }

    private void Configure(ScipHandle scip)
    {
        ScipCall.Check(ScipNative.SCIPsetBoolParam(scip, "misc/catchctrlc", FALSE), "SCIPsetBoolParam");

        // SCIP 9.2.4's presolve turns two-variable rows into varbound constraints and then rejects
        // one whose sides differ by a rounding error ("left hand side of varbound constraint greater
        // than right hand side ... lhs=-1, rhs=-1", SCIPsolve returns SCIP_INVALIDDATA); measured
        // on a LipMIP equality row. The upgrade only speeds up presolve, so it is off.
        ScipCall.Check(ScipNative.SCIPsetBoolParam(scip, "constraints/linear/upgrade/varbound", FALSE), "SCIPsetBoolParam");
        if (_options.TimeLimit is { } limit)
        {
            ScipCall.Check(ScipNative.SCIPsetRealParam(scip, "limits/time", Math.Max(1e-3, (limit - _clock.Elapsed).TotalSeconds)), "SCIPsetRealParam");
        }

        ScipCall.Check(ScipNative.SCIPsetRealParam(scip, "limits/gap", _options.RelativeGap), "SCIPsetRealParam");

        // SCIP's tree search is sequential (without a TPI build it has no concurrent mode), so
        // SolveOptions.Threads has nothing to set here.
    }

    private void OfferStart(ScipHandle scip, IntPtr[] vars)
    {
        var start = Starts.Clamped(_model);
        IntPtr sol;
        ScipCall.Check(ScipNative.SCIPcreateOrigSol(scip, &sol, IntPtr.Zero), "SCIPcreateOrigSol");
        fixed (IntPtr* pv = vars)
        fixed (double* px = start)
        {
            ScipCall.Check(ScipNative.SCIPsetSolVals(scip, sol, vars.Length, pv, px), "SCIPsetSolVals");
        }

        // SCIP checks the start when it transforms the problem and drops it if it is infeasible.
        uint stored;
        ScipCall.Check(ScipNative.SCIPaddSolFree(scip, &sol, &stored), "SCIPaddSolFree");
    }

    private SolveOutcome Outcome(ScipHandle scip, IntPtr[] vars, ScipSearch search, CancellationToken token)
    {
        var status = ScipNative.SCIPgetStatus(scip);
        var infinity = ScipNative.SCIPinfinity(scip);
        var raw = scip.DangerousGetHandle();
        var nodes = Math.Max(search.Bounds.Nodes, ScipNative.SCIPgetNTotalNodes(raw));
        var best = ScipNative.SCIPgetNSols(scip) > 0 ? ScipNative.SCIPgetBestSol(scip) : IntPtr.Zero;
        double? primal = best != IntPtr.Zero ? ScipNative.SCIPgetSolOrigObj(scip, best) : null;
        var x = best != IntPtr.Zero ? vars.Select(v => ScipNative.SCIPgetSolVal(scip, best, v)).ToArray() : null;
        var dualValue = ScipNative.SCIPgetDualbound(raw);
        double? dual = Math.Abs(dualValue) < infinity ? dualValue : search.Bounds.Dual;
        if (status == _abi.SCIP_STATUS_OPTIMAL || (status == _abi.SCIP_STATUS_GAPLIMIT && primal is not null))
        {
            var p = primal ?? throw new SolverFailedException("SCIP reported an optimum without a solution.");
            return Finish(SolveStatus.Optimal, p, Math.Max(dual ?? p, p), x, nodes);
        }

        if (status == _abi.SCIP_STATUS_INFEASIBLE)
        {
            return Finish(SolveStatus.Infeasible, null, null, null, nodes);
        }

        if (status == _abi.SCIP_STATUS_UNBOUNDED)
        {
            return Finish(SolveStatus.Unbounded, null, double.PositiveInfinity, null, nodes);
        }

        if (status == _abi.SCIP_STATUS_INFORUNBD)
        {
            var decided = Relaxation();
            return Finish(decided, null, decided == SolveStatus.Unbounded ? double.PositiveInfinity : null, null, nodes);
        }

        if (status == _abi.SCIP_STATUS_TIMELIMIT && !search.Cancelled && !token.IsCancellationRequested)
        {
            return Finish(SolveStatus.TimeLimit, primal, Above(dual, primal), x, nodes);
        }

        if (status == _abi.SCIP_STATUS_USERINTERRUPT || status == _abi.SCIP_STATUS_TERMINATE || status == _abi.SCIP_STATUS_TIMELIMIT || search.Cancelled || token.IsCancellationRequested)
        {
            return Finish(SolveStatus.Interrupted, primal, Above(dual, primal), x, nodes);
        }

        throw new SolverFailedException($"SCIP stopped with status {status}, which ExactLip does not expect.");
    }

    /// <summary>Infeasible or unbounded, decided by the LP relaxation without presolving.</summary>
    private SolveStatus Relaxation()
    {
        using var lp = ScipHandle.Create();
        ScipProblemLoader.Load(lp, _model, relax: true);
        ScipCall.Check(ScipNative.SCIPsetIntParam(lp, "presolving/maxrounds", 0), "SCIPsetIntParam");
        ScipCall.Check(ScipNative.SCIPsetBoolParam(lp, "misc/catchctrlc", FALSE), "SCIPsetBoolParam");
        ScipCall.Check(ScipNative.SCIPsolve(lp), "SCIPsolve");
        var status = ScipNative.SCIPgetStatus(lp);
        if (status == _abi.SCIP_STATUS_UNBOUNDED)
        {
            return SolveStatus.Unbounded;
        }

        if (status == _abi.SCIP_STATUS_INFEASIBLE || status == _abi.SCIP_STATUS_OPTIMAL)
        {
            // A bounded relaxation means the MIP cannot be unbounded, so it is infeasible.
            return SolveStatus.Infeasible;
        }

        throw new SolverFailedException($"SCIP could not tell infeasible from unbounded (the relaxation ended with status {status}).");
    }

    private SolveOutcome Finish(SolveStatus status, double? primal, double? dual, double[]? x, long nodes)
    {
        _recorder.Record(nodes, primal, dual, "final", force: true);
        return new SolveOutcome(status, primal, dual, x, nodes, _clock.Elapsed.TotalSeconds, _recorder.History());
    }

    private static double? Above(double? dual, double? primal) =>
        dual is { } d && primal is { } p ? Math.Max(d, p) : dual;
}

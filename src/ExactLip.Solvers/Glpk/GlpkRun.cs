using System.Diagnostics;
using System.Runtime.InteropServices;
using ExactLip.Core;
using ExactLip.Mip;
using ExactLip.Mip.Solving;
using static ExactLip.Solvers.Glpk.GlpkConstants;

namespace ExactLip.Solvers.Glpk;

/// <summary>
/// One GLPK solve of a loaded problem: the LP path (glp_simplex) and the MIP path (glp_intopt
/// with the progress callback), and the mapping of GLPK's return codes and statuses to a
/// <see cref="SolveOutcome"/>, all in this one place.
/// </summary>
internal sealed unsafe class GlpkRun
{
    private readonly GlpkProblemHandle _glp;
    private readonly MipModel _model;
    private readonly SolveOptions _options;
    private readonly ProgressRecorder _recorder;
    private readonly Stopwatch _clock;
    private readonly GlpkTerminal _terminal;

    public GlpkRun(GlpkProblemHandle glp, MipModel model, SolveOptions options, ProgressRecorder recorder, Stopwatch clock, GlpkTerminal terminal)
    {
        _glp = glp;
        _model = model;
        _options = options;
        _recorder = recorder;
        _clock = clock;
        _terminal = terminal;
    }

    /// <summary>Solves the LP (for a MIP: its relaxation, with presolve off, as intopt needs).</summary>
    public SolveOutcome SolveLp(bool presolve)
    {
        glp_smcp parm;
        GlpkNative.glp_init_smcp(&parm);
        parm.msg_lev = GLP_MSG_ERR;
        parm.presolve = presolve ? GLP_ON : GLP_OFF;
        parm.tm_lim = RemainingMilliseconds();
        var code = GlpkNative.glp_simplex(_glp, &parm);
        switch (code)
        {
            case 0:
                break;
            case GLP_ETMLIM:
                return Outcome(SolveStatus.TimeLimit, null, null, null, 0);
            case GLP_ENOPFS:
                return Outcome(SolveStatus.Infeasible, null, null, null, 0);
            case GLP_ENODFS when presolve:
                // The presolver cannot tell unbounded from infeasible-and-unbounded: ask the simplex.
                return SolveLp(presolve: false);
            case GLP_ENODFS:
                return Outcome(SolveStatus.Unbounded, null, double.PositiveInfinity, null, 0);
            default:
                throw Failure("glp_simplex", code);
        }

        switch (GlpkNative.glp_get_status(_glp))
        {
            case GLP_OPT:
                var value = GlpkNative.glp_get_obj_val(_glp) + _model.ObjectiveOffset;
                var x = Values(j => GlpkNative.glp_get_col_prim(_glp, j));
                return Outcome(SolveStatus.Optimal, value, value, x, 0) with { RowDuals = _model.IsMip ? null : RowDuals() };
            case GLP_NOFEAS:
                return Outcome(SolveStatus.Infeasible, null, null, null, 0);
            case GLP_UNBND:
                return Outcome(SolveStatus.Unbounded, null, double.PositiveInfinity, null, 0);
            default:
                throw Failure("glp_simplex", GlpkNative.glp_get_status(_glp));
        }
    }

    public SolveOutcome SolveMip(CancellationToken token)
    {
        var offerStart = ModelChecks.HasUsableStart(_model);
        if (offerStart)
        {
            var relaxation = SolveLp(presolve: false);
            if (relaxation.Status != SolveStatus.Optimal)
            {
                return relaxation with { Primal = null, Solution = null, Dual = relaxation.Status == SolveStatus.Unbounded ? double.PositiveInfinity : null };
            }
        }

        var search = new GlpkSearch(_model, offerStart, _recorder, token);
        var handle = GCHandle.Alloc(search);
        int code;
        try
        {
            glp_iocp parm;
            GlpkNative.glp_init_iocp(&parm);
            parm.msg_lev = GLP_MSG_ERR;
            parm.presolve = offerStart ? GLP_OFF : GLP_ON;
            parm.tm_lim = RemainingMilliseconds();
            parm.mip_gap = _options.RelativeGap;

            // GLPK's default integrality tolerance (1e-5) lets a "binary" sit 1e-5 from 0 or 1,
            // which moves a LipMIP objective by that much times a big-M: too coarse for values
            // certified to a relative 1e-6.
            parm.tol_int = 1e-9;
            parm.cb_func = &GlpkSearch.Callback;
            parm.cb_info = GCHandle.ToIntPtr(handle);
            code = GlpkNative.glp_intopt(_glp, &parm);
        }
        finally
        {
            handle.Free();
        }

        if (search.Error is { } error)
        {
            throw error as ExactLipException ?? new ExactLipException($"The GLPK progress callback failed: {error.Message}", error);
        }

        return MipOutcome(code, search);
    }

    private SolveOutcome MipOutcome(int code, GlpkSearch search)
    {
        var status = GlpkNative.glp_mip_status(_glp);
        var hasSolution = status is GLP_FEAS or GLP_OPT;
        double? primal = hasSolution ? GlpkNative.glp_mip_obj_val(_glp) + _model.ObjectiveOffset : null;
        var x = hasSolution ? Values(j => GlpkNative.glp_mip_col_val(_glp, j)) : null;
        var dual = search.Dual;
        switch (code)
        {
            case 0 when status == GLP_OPT:
                return Outcome(SolveStatus.Optimal, primal, primal, x, search.Nodes);
            case 0 when status == GLP_NOFEAS:
            case GLP_ENOPFS:
                return Outcome(SolveStatus.Infeasible, null, null, null, search.Nodes);
            case GLP_EMIPGAP when primal is { } p:
                return Outcome(SolveStatus.Optimal, p, Math.Max(dual ?? p, p), x, search.Nodes);
            case GLP_ENODFS:
                return Outcome(SolveStatus.Unbounded, null, double.PositiveInfinity, null, search.Nodes);
            case GLP_ETMLIM:
                return Outcome(SolveStatus.TimeLimit, primal, Above(dual, primal), x, search.Nodes);
            case GLP_ESTOP:
                return Outcome(SolveStatus.Interrupted, primal, Above(dual, primal), x, search.Nodes);
            default:
                throw Failure("glp_intopt", code);
        }
    }

    /// <summary>A bound seen before the last incumbent may sit a rounding error below it.</summary>
    private static double? Above(double? dual, double? primal) =>
        dual is { } d && primal is { } p ? Math.Max(d, p) : dual;

    private int RemainingMilliseconds()
    {
        if (_options.TimeLimit is not { } limit)
        {
            return int.MaxValue;
        }

        var left = (limit - _clock.Elapsed).TotalMilliseconds;
        return (int)Math.Clamp(left, 1, int.MaxValue);
    }

    private double[] Values(Func<int, double> column)
    {
        var x = new double[_model.Variables.Count];
        for (var j = 0; j < x.Length; j++)
        {
            x[j] = column(j + 1);
        }

        return x;
    }

    /// <summary>
    /// GLPK's row duals of the optimal basis (recovered for the original rows when the presolver
    /// ran). For a maximisation they are already ∂optimum/∂side: ≥ 0 where an upper side binds.
    /// </summary>
    private double[] RowDuals()
    {
        var y = new double[_model.Rows.Count];
        for (var i = 0; i < y.Length; i++)
        {
            y[i] = GlpkNative.glp_get_row_dual(_glp, i + 1);
        }

        return y;
    }

    private SolveOutcome Outcome(SolveStatus status, double? primal, double? dual, double[]? x, long nodes)
    {
        _recorder.Record(nodes, primal, dual, "final", force: true);
        return new SolveOutcome(status, primal, dual, x, nodes, _clock.Elapsed.TotalSeconds, _recorder.History());
    }

    private ExactLipException Failure(string function, int code)
    {
        // The log can hold thousands of warnings; its last line says what finally went wrong.
        var last = _terminal.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        return new SolverFailedException(last is { Length: > 0 }
            ? $"GLPK's {function} failed with code {code} ({last.TrimEnd('.')})."
            : $"GLPK's {function} failed with code {code}.");
    }
}

using ExactLip.Mip;
using ExactLip.Mip.Solving;
using static ExactLip.Solvers.Glpk.GlpkConstants;

namespace ExactLip.Solvers.Glpk;

/// <summary>
/// One GLPK problem object kept loaded for many objectives. Each call changes one objective
/// coefficient and re-runs the primal simplex without presolve, so it starts from the previous
/// optimal basis (still feasible: only the objective changed).
/// </summary>
internal sealed unsafe class GlpkLpSession : ILpSession
{
    private readonly GlpkProblemHandle _glp;
    private readonly GlpkTerminal _terminal = new();
    private int _previous = -1;

    public GlpkLpSession(MipModel model)
    {
        ModelChecks.Validate(model, SolveOptions.Default);
        var relaxed = model.Relaxed();
        _glp = GlpkProblemHandle.Create();
        GlpkProblemLoader.Load(_glp, relaxed.WithSingleObjective(0, 0));
        GlpkNative.glp_set_obj_dir(_glp, GLP_MAX);
        Columns = model.Variables.Count;
    }

    private int Columns { get; }

    public double? Maximize(int column, double sign, TimeSpan? timeLimit)
    {
        if (column < 0 || column >= Columns)
        {
            throw new ArgumentOutOfRangeException(nameof(column));
        }

        if (_previous >= 0)
        {
            GlpkNative.glp_set_obj_coef(_glp, _previous + 1, 0);
        }

        GlpkNative.glp_set_obj_coef(_glp, column + 1, sign);
        _previous = column;
        glp_smcp parm;
        GlpkNative.glp_init_smcp(&parm);
        parm.msg_lev = GLP_MSG_OFF;
        parm.presolve = GLP_OFF;
        if (timeLimit is { } limit)
        {
            parm.tm_lim = (int)Math.Clamp(limit.TotalMilliseconds, 1, int.MaxValue);
        }

        var code = GlpkNative.glp_simplex(_glp, &parm);
        return code == 0 && GlpkNative.glp_get_status(_glp) == GLP_OPT ? GlpkNative.glp_get_obj_val(_glp) : null;
    }

    public void Dispose()
    {
        _glp.Dispose();
        _terminal.Dispose();
    }
}

using ExactLip.Mip;
using ExactLip.Mip.Solving;
using static ExactLip.Solvers.Highs.HighsConstants;

namespace ExactLip.Solvers.Highs;

/// <summary>
/// One Highs instance kept loaded for many objectives. Each call moves the single unit cost to
/// another column (Highs_changeColCost) and runs again: HiGHS keeps the previous optimal basis,
/// which stays primal feasible when only the objective changes, so the simplex starts from it.
/// Presolve is off because a presolved run would discard that basis.
/// </summary>
internal sealed class HighsLpSession : ILpSession
{
    private readonly HighsHandle _highs;
    private int _previous = -1;

    public HighsLpSession(MipModel model)
    {
        ModelChecks.Validate(model, SolveOptions.Default);
        _highs = HighsHandle.Create();
        HighsProblemLoader.Load(_highs, model.Relaxed().WithSingleObjective(0, 0), relax: true);
        HighsCall.SetOption(_highs, "presolve", "off");
        HighsCall.SetOption(_highs, "solver", "simplex");

        // Primal simplex (strategy 4): after a cost change the old basis is primal feasible, and
        // HiGHS's default dual simplex would first repair its dual infeasibility.
        HighsCall.SetOption(_highs, "simplex_strategy", 4);
        HighsCall.SetOption(_highs, "threads", HighsThreads.Enter(1));
        Columns = model.Variables.Count;
    }

    private int Columns { get; }

    public unsafe double? Maximize(int column, double sign, TimeSpan? timeLimit)
    {
        if (column < 0 || column >= Columns)
        {
            throw new ArgumentOutOfRangeException(nameof(column));
        }

        if (_previous >= 0)
        {
            HighsCall.Check(HighsNative.Highs_changeColCost(_highs, _previous, 0), "Highs_changeColCost");
        }

        HighsCall.Check(HighsNative.Highs_changeColCost(_highs, column, sign), "Highs_changeColCost");
        _previous = column;
        HighsCall.SetOption(_highs, "time_limit", timeLimit is { } limit ? Math.Max(1e-3, limit.TotalSeconds) : double.PositiveInfinity);
        var code = HighsNative.Highs_run(_highs);
        if (code == kHighsStatusError || HighsNative.Highs_getModelStatus(_highs) != kHighsModelStatusOptimal)
        {
            return null;
        }

        // The objective includes the model's offset, which WithSingleObjective set to 0.
        return HighsNative.Highs_getObjectiveValue(_highs);
    }

    public void Dispose()
    {
        if (!_highs.IsClosed)
        {
            _highs.Dispose();
            HighsThreads.Exit();
        }
    }
}

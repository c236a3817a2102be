using ExactLip.Mip;
using static ExactLip.Solvers.Highs.HighsConstants;

namespace ExactLip.Solvers.Highs;

/// <summary>
/// Copies a <see cref="MipModel"/> into a Highs instance with one Highs_passMip call: the rows
/// row-wise exactly as the model keeps them, maximisation, and the objective constant as HiGHS's
/// offset, so every value HiGHS reports (objective, bounds in callbacks) already includes it.
/// Infinite bounds pass as IEEE infinities, which HiGHS reads as "no bound".
/// </summary>
internal static unsafe class HighsProblemLoader
{
    public static void Load(HighsHandle highs, MipModel model, bool relax = false)
    {
        var n = model.Variables.Count;
        var m = model.Rows.Count;
        var cost = new double[n];
        var lower = new double[n];
        var upper = new double[n];
        var integrality = new int[n];
        for (var j = 0; j < n; j++)
        {
            var v = model.Variables[j];
            cost[j] = v.Objective;
            lower[j] = v.Lower;
            upper[j] = v.Upper;
            integrality[j] = v.IsInteger && !relax ? kHighsVarTypeInteger : kHighsVarTypeContinuous;
        }

        var rowLower = new double[m];
        var rowUpper = new double[m];
        var start = new int[m + 1];
        var nonzeros = 0;
        for (var i = 0; i < m; i++)
        {
            rowLower[i] = model.Rows[i].Lower;
            rowUpper[i] = model.Rows[i].Upper;
            start[i] = nonzeros;
            nonzeros += model.Rows[i].Columns.Length;
        }

        start[m] = nonzeros;
        var index = new int[Math.Max(nonzeros, 1)];
        var value = new double[Math.Max(nonzeros, 1)];
        for (var i = 0; i < m; i++)
        {
            model.Rows[i].Columns.CopyTo(index, start[i]);
            model.Rows[i].Coefficients.CopyTo(value, start[i]);
        }

        int status;
        fixed (double* pc = cost, pl = lower, pu = upper, prl = rowLower, pru = rowUpper, pv = value)
        fixed (int* ps = start, pi = index, pt = integrality)
        {
            status = HighsNative.Highs_passMip(
                highs, n, m, nonzeros, kHighsMatrixFormatRowwise, kHighsObjSenseMaximize, model.ObjectiveOffset,
                pc, pl, pu, prl, pru, ps, pi, pv, pt);
        }

        HighsCall.Check(status, $"the model '{model.Name}' (Highs_passMip)");
    }
}

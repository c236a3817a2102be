using ExactLip.Mip;
using static ExactLip.Solvers.Scip.ScipConstants;

namespace ExactLip.Solvers.Scip;

/// <summary>
/// Copies a <see cref="MipModel"/> into a SCIP problem: one variable per column (binary when an
/// integer column has bounds [0, 1]), one linear constraint per row, maximisation, and the
/// objective constant as SCIP's original offset so every bound SCIP reports includes it.
/// Infinite bounds become ±SCIPinfinity. The problem keeps its own reference to every variable,
/// so the handles returned stay valid until the SCIP instance is freed.
/// </summary>
internal static unsafe class ScipProblemLoader
{
    public static IntPtr[] Load(ScipHandle scip, MipModel model, bool relax = false)
    {
        ScipCall.Check(ScipNative.SCIPcreateProbBasic(scip, model.Name), "SCIPcreateProbBasic");
        ScipCall.Check(ScipNative.SCIPsetObjsense(scip, SCIP_OBJSENSE_MAXIMIZE), "SCIPsetObjsense");
        if (model.ObjectiveOffset != 0)
        {
            ScipCall.Check(ScipNative.SCIPaddOrigObjoffset(scip, model.ObjectiveOffset), "SCIPaddOrigObjoffset");
        }

        var infinity = ScipNative.SCIPinfinity(scip);
        var vars = new IntPtr[model.Variables.Count];
        for (var j = 0; j < vars.Length; j++)
        {
            var v = model.Variables[j];
            var type = !v.IsInteger || relax ? SCIP_VARTYPE_CONTINUOUS
                : v.Lower >= 0 && v.Upper <= 1 ? SCIP_VARTYPE_BINARY
                : SCIP_VARTYPE_INTEGER;
            IntPtr var;
            ScipCall.Check(ScipNative.SCIPcreateVarBasic(scip, &var, v.Name, Clip(v.Lower, infinity), Clip(v.Upper, infinity), v.Objective, type), "SCIPcreateVarBasic");
            ScipCall.Check(ScipNative.SCIPaddVar(scip, var), "SCIPaddVar");
            vars[j] = var;
            ScipCall.Check(ScipNative.SCIPreleaseVar(scip, &var), "SCIPreleaseVar");
        }

        foreach (var row in model.Rows)
        {
            var rowVars = new IntPtr[Math.Max(1, row.Columns.Length)];
            for (var k = 0; k < row.Columns.Length; k++)
            {
                rowVars[k] = vars[row.Columns[k]];
            }

            IntPtr cons;
            fixed (IntPtr* pv = rowVars)
            fixed (double* pc = row.Coefficients)
            {
                ScipCall.Check(ScipNative.SCIPcreateConsBasicLinear(scip, &cons, row.Name, row.Columns.Length, pv, pc, Clip(row.Lower, infinity), Clip(row.Upper, infinity)), "SCIPcreateConsBasicLinear");
            }

            ScipCall.Check(ScipNative.SCIPaddCons(scip, cons), "SCIPaddCons");
            ScipCall.Check(ScipNative.SCIPreleaseCons(scip, &cons), "SCIPreleaseCons");
        }

        return vars;
    }

    private static double Clip(double value, double infinity) => Math.Clamp(value, -infinity, infinity);
}

using ExactLip.Mip;
using static ExactLip.Solvers.Glpk.GlpkConstants;

namespace ExactLip.Solvers.Glpk;

/// <summary>
/// Copies a <see cref="MipModel"/> into a glp_prob: maximisation, bounds by type, integrality
/// and one glp_load_matrix call with 1-based triplets. The objective constant stays out of
/// GLPK (the solver adds it to every bound it reports), so the callback's values need no
/// correction for it.
/// </summary>
internal static unsafe class GlpkProblemLoader
{
    public static void Load(GlpkProblemHandle glp, MipModel model)
    {
        var n = model.Variables.Count;
        var m = model.Rows.Count;
        GlpkNative.glp_set_obj_dir(glp, GLP_MAX);
        if (m > 0)
        {
            GlpkNative.glp_add_rows(glp, m);
        }

        if (n > 0)
        {
            GlpkNative.glp_add_cols(glp, n);
        }

        for (var j = 0; j < n; j++)
        {
            var v = model.Variables[j];
            var (type, lb, ub) = Bounds(v.Lower, v.Upper);
            GlpkNative.glp_set_col_bnds(glp, j + 1, type, lb, ub);
            GlpkNative.glp_set_obj_coef(glp, j + 1, v.Objective);
            if (v.IsInteger)
            {
                GlpkNative.glp_set_col_kind(glp, j + 1, GLP_IV);
            }
        }

        var nonzeros = 0;
        for (var i = 0; i < m; i++)
        {
            var row = model.Rows[i];
            var (type, lb, ub) = Bounds(row.Lower, row.Upper);
            GlpkNative.glp_set_row_bnds(glp, i + 1, type, lb, ub);
            nonzeros += row.Columns.Length;
        }

        var ia = new int[nonzeros + 1];
        var ja = new int[nonzeros + 1];
        var ar = new double[nonzeros + 1];
        var k = 1;
        for (var i = 0; i < m; i++)
        {
            var row = model.Rows[i];
            for (var t = 0; t < row.Columns.Length; t++, k++)
            {
                ia[k] = i + 1;
                ja[k] = row.Columns[t] + 1;
                ar[k] = row.Coefficients[t];
            }
        }

        fixed (int* pi = ia, pj = ja)
        fixed (double* pa = ar)
        {
            GlpkNative.glp_load_matrix(glp, nonzeros, pi, pj, pa);
        }
    }

    /// <summary>GLPK's bound type for an interval; the unused side is passed as 0.</summary>
    public static (int Type, double Lower, double Upper) Bounds(double lower, double upper)
    {
        var hasLower = !double.IsNegativeInfinity(lower);
        var hasUpper = !double.IsPositiveInfinity(upper);
        return (hasLower, hasUpper) switch
        {
            (false, false) => (GLP_FR, 0, 0),
            (true, false) => (GLP_LO, lower, 0),
            (false, true) => (GLP_UP, 0, upper),
            _ when lower == upper => (GLP_FX, lower, upper),
            _ => (GLP_DB, lower, upper),
        };
    }
}

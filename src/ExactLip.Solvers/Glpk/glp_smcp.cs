using System.Runtime.InteropServices;

namespace ExactLip.Solvers.Glpk;

/// <summary>
/// glp_smcp of glpk.h (GLPK 5.0), field for field; 352 bytes on LP64, pinned by a test.
/// Always fill it with glp_init_smcp first.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct glp_smcp
{
    public int msg_lev;
    public int meth;
    public int pricing;
    public int r_test;
    public double tol_bnd;
    public double tol_dj;
    public double tol_piv;
    public double obj_ll;
    public double obj_ul;
    public int it_lim;
    public int tm_lim;
    public int out_frq;
    public int out_dly;
    public int presolve;
    public int excl;
    public int shift;
    public int aorn;
    public fixed double foo_bar[33];
}

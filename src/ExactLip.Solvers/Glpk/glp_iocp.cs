using System.Runtime.InteropServices;

namespace ExactLip.Solvers.Glpk;

/// <summary>
/// glp_iocp of glpk.h (GLPK 5.0), field for field; 328 bytes on LP64, pinned by a test.
/// Always fill it with glp_init_iocp first: the reserved tail must hold GLPK's defaults.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct glp_iocp
{
    public int msg_lev;
    public int br_tech;
    public int bt_tech;
    public double tol_int;
    public double tol_obj;
    public int tm_lim;
    public int out_frq;
    public int out_dly;
    public delegate* unmanaged[Cdecl]<IntPtr, IntPtr, void> cb_func;
    public IntPtr cb_info;
    public int cb_size;
    public int pp_tech;
    public double mip_gap;
    public int mir_cuts;
    public int gmi_cuts;
    public int cov_cuts;
    public int clq_cuts;
    public int presolve;
    public int binarize;
    public int fp_heur;
    public int ps_heur;
    public int ps_tm_lim;
    public int sr_heur;
    public int use_sol;
    public IntPtr save_sol;
    public int alien;
    public int flip;
    public fixed double foo_bar[23];
}

using System.Runtime.InteropServices;
using ExactLip.Solvers.Interop;

namespace ExactLip.Solvers.Glpk;

/// <summary>
/// Raw imports of GLPK's API (glpk.h, GLPK 5.0), names verbatim. Indices are 1-based and
/// arrays passed to GLPK have an unused element 0. GLPK abort()s on invalid arguments, so
/// callers check everything first (ModelChecks).
/// </summary>
internal static unsafe partial class GlpkNative
{
    static GlpkNative()
    {
        NativeLibraries.EnsureResolver();
    }

    [LibraryImport(NativeLibraries.Glpk)]
    public static partial IntPtr glp_version();

    [LibraryImport(NativeLibraries.Glpk)]
    public static partial IntPtr glp_create_prob();

    [LibraryImport(NativeLibraries.Glpk)]
    public static partial void glp_delete_prob(IntPtr P);

    [LibraryImport(NativeLibraries.Glpk)]
    public static partial void glp_set_obj_dir(GlpkProblemHandle P, int dir);

    [LibraryImport(NativeLibraries.Glpk)]
    public static partial int glp_add_rows(GlpkProblemHandle P, int nrs);

    [LibraryImport(NativeLibraries.Glpk)]
    public static partial int glp_add_cols(GlpkProblemHandle P, int ncs);

    [LibraryImport(NativeLibraries.Glpk)]
    public static partial void glp_set_row_bnds(GlpkProblemHandle P, int i, int type, double lb, double ub);

    [LibraryImport(NativeLibraries.Glpk)]
    public static partial void glp_set_col_bnds(GlpkProblemHandle P, int j, int type, double lb, double ub);

    [LibraryImport(NativeLibraries.Glpk)]
    public static partial void glp_set_obj_coef(GlpkProblemHandle P, int j, double coef);

    [LibraryImport(NativeLibraries.Glpk)]
    public static partial void glp_set_col_kind(GlpkProblemHandle P, int j, int kind);

    [LibraryImport(NativeLibraries.Glpk)]
    public static partial void glp_set_mat_row(GlpkProblemHandle P, int i, int len, int* ind, double* val);

    [LibraryImport(NativeLibraries.Glpk)]
    public static partial void glp_std_basis(GlpkProblemHandle P);

    [LibraryImport(NativeLibraries.Glpk)]
    public static partial void glp_del_rows(GlpkProblemHandle P, int nrs, int* num);

    [LibraryImport(NativeLibraries.Glpk)]
    public static partial int glp_get_row_stat(GlpkProblemHandle P, int i);

    [LibraryImport(NativeLibraries.Glpk)]
    public static partial void glp_load_matrix(GlpkProblemHandle P, int ne, int* ia, int* ja, double* ar);

    [LibraryImport(NativeLibraries.Glpk)]
    public static partial int glp_get_num_cols(GlpkProblemHandle P);

    [LibraryImport(NativeLibraries.Glpk)]
    public static partial void glp_init_smcp(glp_smcp* parm);

    [LibraryImport(NativeLibraries.Glpk)]
    public static partial int glp_simplex(GlpkProblemHandle P, glp_smcp* parm);

    [LibraryImport(NativeLibraries.Glpk)]
    public static partial int glp_get_status(GlpkProblemHandle P);

    [LibraryImport(NativeLibraries.Glpk)]
    public static partial double glp_get_obj_val(GlpkProblemHandle P);

    [LibraryImport(NativeLibraries.Glpk)]
    public static partial double glp_get_col_prim(GlpkProblemHandle P, int j);

    [LibraryImport(NativeLibraries.Glpk)]
    public static partial double glp_get_row_dual(GlpkProblemHandle P, int i);

    [LibraryImport(NativeLibraries.Glpk)]
    public static partial void glp_init_iocp(glp_iocp* parm);

    [LibraryImport(NativeLibraries.Glpk)]
    public static partial int glp_intopt(GlpkProblemHandle P, glp_iocp* parm);

    [LibraryImport(NativeLibraries.Glpk)]
    public static partial int glp_mip_status(GlpkProblemHandle P);

    [LibraryImport(NativeLibraries.Glpk)]
    public static partial double glp_mip_obj_val(GlpkProblemHandle P);

    [LibraryImport(NativeLibraries.Glpk)]
    public static partial double glp_mip_col_val(GlpkProblemHandle P, int j);

    [LibraryImport(NativeLibraries.Glpk, EntryPoint = "glp_mip_status")]
    public static partial int glp_mip_status_raw(IntPtr P);

    [LibraryImport(NativeLibraries.Glpk, EntryPoint = "glp_mip_obj_val")]
    public static partial double glp_mip_obj_val_raw(IntPtr P);

    [LibraryImport(NativeLibraries.Glpk, EntryPoint = "glp_get_num_cols")]
    public static partial int glp_get_num_cols_raw(IntPtr P);

    [LibraryImport(NativeLibraries.Glpk)]
    public static partial int glp_ios_reason(IntPtr T);

    [LibraryImport(NativeLibraries.Glpk)]
    public static partial IntPtr glp_ios_get_prob(IntPtr T);

    [LibraryImport(NativeLibraries.Glpk)]
    public static partial void glp_ios_tree_size(IntPtr T, int* a_cnt, int* n_cnt, int* t_cnt);

    [LibraryImport(NativeLibraries.Glpk)]
    public static partial int glp_ios_best_node(IntPtr T);

    [LibraryImport(NativeLibraries.Glpk)]
    public static partial double glp_ios_node_bound(IntPtr T, int p);

    [LibraryImport(NativeLibraries.Glpk)]
    public static partial int glp_ios_heur_sol(IntPtr T, double* x);

    [LibraryImport(NativeLibraries.Glpk)]
    public static partial void glp_ios_terminate(IntPtr T);

    [LibraryImport(NativeLibraries.Glpk)]
    public static partial void glp_term_hook(delegate* unmanaged[Cdecl]<IntPtr, IntPtr, int> func, IntPtr info);

    [LibraryImport(NativeLibraries.Glpk, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int glp_read_mps(GlpkProblemHandle P, int fmt, IntPtr parm, string fname);
}

using System.Runtime.InteropServices;
using ExactLip.Solvers.Interop;

namespace ExactLip.Solvers.Scip;

/// <summary>
/// Raw imports of SCIP's C API (scip/scip.h, SCIP 9 and 10), names verbatim. Most functions
/// return a SCIP_RETCODE (SCIP_OKAY = 1); SCIP_Bool is an unsigned int, SCIP_Longint a long long
/// and SCIP_EVENTTYPE a uint64. The signatures used here are identical in SCIP 9.2 and 10.0;
/// the enum values are not (see <see cref="ScipAbi"/>).
/// </summary>
internal static unsafe partial class ScipNative
{
    static ScipNative()
    {
        NativeLibraries.EnsureResolver();
    }

    [LibraryImport(NativeLibraries.Scip)]
    public static partial double SCIPversion();

    [LibraryImport(NativeLibraries.Scip)]
    public static partial int SCIPmajorVersion();

    [LibraryImport(NativeLibraries.Scip)]
    public static partial int SCIPminorVersion();

    [LibraryImport(NativeLibraries.Scip)]
    public static partial int SCIPtechVersion();

    [LibraryImport(NativeLibraries.Scip)]
    public static partial int SCIPcreate(IntPtr* scip);

    [LibraryImport(NativeLibraries.Scip)]
    public static partial int SCIPfree(IntPtr* scip);

    [LibraryImport(NativeLibraries.Scip)]
    public static partial int SCIPincludeDefaultPlugins(ScipHandle scip);

    [LibraryImport(NativeLibraries.Scip)]
    public static partial void SCIPsetMessagehdlrQuiet(ScipHandle scip, uint quiet);

    [LibraryImport(NativeLibraries.Scip, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SCIPcreateProbBasic(ScipHandle scip, string name);

    [LibraryImport(NativeLibraries.Scip)]
    public static partial int SCIPsetObjsense(ScipHandle scip, int objsense);

    [LibraryImport(NativeLibraries.Scip)]
    public static partial double SCIPinfinity(ScipHandle scip);

    [LibraryImport(NativeLibraries.Scip)]
    public static partial int SCIPaddOrigObjoffset(ScipHandle scip, double addval);

    [LibraryImport(NativeLibraries.Scip, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SCIPcreateVarBasic(ScipHandle scip, IntPtr* var, string name, double lb, double ub, double obj, int vartype);

    [LibraryImport(NativeLibraries.Scip)]
    public static partial int SCIPaddVar(ScipHandle scip, IntPtr var);

    [LibraryImport(NativeLibraries.Scip)]
    public static partial int SCIPreleaseVar(ScipHandle scip, IntPtr* var);

    [LibraryImport(NativeLibraries.Scip, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SCIPcreateConsBasicLinear(ScipHandle scip, IntPtr* cons, string name, int nvars, IntPtr* vars, double* vals, double lhs, double rhs);

    [LibraryImport(NativeLibraries.Scip)]
    public static partial int SCIPaddCons(ScipHandle scip, IntPtr cons);

    [LibraryImport(NativeLibraries.Scip)]
    public static partial int SCIPreleaseCons(ScipHandle scip, IntPtr* cons);

    [LibraryImport(NativeLibraries.Scip, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SCIPsetRealParam(ScipHandle scip, string name, double value);

    [LibraryImport(NativeLibraries.Scip, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SCIPsetIntParam(ScipHandle scip, string name, int value);

    [LibraryImport(NativeLibraries.Scip, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SCIPsetBoolParam(ScipHandle scip, string name, uint value);

    [LibraryImport(NativeLibraries.Scip)]
    public static partial int SCIPcreateOrigSol(ScipHandle scip, IntPtr* sol, IntPtr heur);

    [LibraryImport(NativeLibraries.Scip)]
    public static partial int SCIPsetSolVals(ScipHandle scip, IntPtr sol, int nvars, IntPtr* vars, double* vals);

    [LibraryImport(NativeLibraries.Scip)]
    public static partial int SCIPaddSolFree(ScipHandle scip, IntPtr* sol, uint* stored);

    [LibraryImport(NativeLibraries.Scip)]
    public static partial int SCIPsolve(ScipHandle scip);

    [LibraryImport(NativeLibraries.Scip)]
    public static partial int SCIPinterruptSolve(IntPtr scip);

    [LibraryImport(NativeLibraries.Scip)]
    public static partial int SCIPgetStatus(ScipHandle scip);

    [LibraryImport(NativeLibraries.Scip)]
    public static partial double SCIPgetPrimalbound(IntPtr scip);

    [LibraryImport(NativeLibraries.Scip)]
    public static partial double SCIPgetDualbound(IntPtr scip);

    [LibraryImport(NativeLibraries.Scip)]
    public static partial long SCIPgetNTotalNodes(IntPtr scip);

    [LibraryImport(NativeLibraries.Scip)]
    public static partial int SCIPgetNSols(ScipHandle scip);

    [LibraryImport(NativeLibraries.Scip)]
    public static partial IntPtr SCIPgetBestSol(ScipHandle scip);

    [LibraryImport(NativeLibraries.Scip)]
    public static partial double SCIPgetSolVal(ScipHandle scip, IntPtr sol, IntPtr var);

    [LibraryImport(NativeLibraries.Scip)]
    public static partial double SCIPgetSolOrigObj(ScipHandle scip, IntPtr sol);

    [LibraryImport(NativeLibraries.Scip, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SCIPincludeEventhdlrBasic(
        ScipHandle scip, IntPtr* eventhdlrptr, string name, string desc,
        delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr, IntPtr, int> eventexec, IntPtr eventhdlrdata);

    [LibraryImport(NativeLibraries.Scip)]
    public static partial int SCIPsetEventhdlrInit(ScipHandle scip, IntPtr eventhdlr, delegate* unmanaged[Cdecl]<IntPtr, IntPtr, int> eventinit);

    [LibraryImport(NativeLibraries.Scip)]
    public static partial int SCIPsetEventhdlrExit(ScipHandle scip, IntPtr eventhdlr, delegate* unmanaged[Cdecl]<IntPtr, IntPtr, int> eventexit);

    [LibraryImport(NativeLibraries.Scip)]
    public static partial IntPtr SCIPeventhdlrGetData(IntPtr eventhdlr);

    [LibraryImport(NativeLibraries.Scip)]
    public static partial int SCIPcatchEvent(IntPtr scip, ulong eventtype, IntPtr eventhdlr, IntPtr eventdata, int* filterpos);

    [LibraryImport(NativeLibraries.Scip)]
    public static partial int SCIPdropEvent(IntPtr scip, ulong eventtype, IntPtr eventhdlr, IntPtr eventdata, int filterpos);

    [LibraryImport(NativeLibraries.Scip)]
    public static partial ulong SCIPeventGetType(IntPtr @event);
}

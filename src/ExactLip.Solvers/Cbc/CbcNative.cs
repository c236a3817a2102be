using System.Runtime.InteropServices;
using ExactLip.Solvers.Interop;

namespace ExactLip.Solvers.Cbc;

/// <summary>
/// Raw imports of CBC's C interface (Cbc_C_Interface.h, CBC 2.10), names kept verbatim.
/// CoinBigIndex is int in the distribution builds; Cbc_Model* is an opaque pointer.
/// </summary>
internal static unsafe partial class CbcNative
{
    static CbcNative()
    {
        NativeLibraries.EnsureResolver();
    }

    [LibraryImport(NativeLibraries.Cbc)]
    public static partial IntPtr Cbc_getVersion();

    [LibraryImport(NativeLibraries.Cbc)]
    public static partial IntPtr Cbc_newModel();

    [LibraryImport(NativeLibraries.Cbc)]
    public static partial void Cbc_deleteModel(IntPtr model);

    [LibraryImport(NativeLibraries.Cbc)]
    public static partial void Cbc_loadProblem(
        CbcModelHandle model, int numcols, int numrows, int* start, int* index, double* value,
        double* collb, double* colub, double* obj, double* rowlb, double* rowub);

    [LibraryImport(NativeLibraries.Cbc)]
    public static partial void Cbc_setInteger(CbcModelHandle model, int iColumn);

    [LibraryImport(NativeLibraries.Cbc)]
    public static partial void Cbc_setObjSense(CbcModelHandle model, double sense);

    [LibraryImport(NativeLibraries.Cbc, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void Cbc_setParameter(CbcModelHandle model, string name, string value);

    [LibraryImport(NativeLibraries.Cbc)]
    public static partial void Cbc_setMaximumSeconds(CbcModelHandle model, double maxSeconds);

    [LibraryImport(NativeLibraries.Cbc)]
    public static partial void Cbc_setAllowableFractionGap(CbcModelHandle model, double allowedFractionGap);

    [LibraryImport(NativeLibraries.Cbc)]
    public static partial void Cbc_setCutoff(CbcModelHandle model, double cutoff);

    [LibraryImport(NativeLibraries.Cbc)]
    public static partial void Cbc_setLogLevel(CbcModelHandle model, int logLevel);

    [LibraryImport(NativeLibraries.Cbc)]
    public static partial void Cbc_setMIPStartI(CbcModelHandle model, int count, int* colIdxs, double* colValues);

    [LibraryImport(NativeLibraries.Cbc)]
    public static partial int Cbc_solve(CbcModelHandle model);

    [LibraryImport(NativeLibraries.Cbc)]
    public static partial int Cbc_status(CbcModelHandle model);

    [LibraryImport(NativeLibraries.Cbc)]
    public static partial int Cbc_secondaryStatus(CbcModelHandle model);

    [LibraryImport(NativeLibraries.Cbc)]
    public static partial int Cbc_isProvenOptimal(CbcModelHandle model);

    [LibraryImport(NativeLibraries.Cbc)]
    public static partial int Cbc_isProvenInfeasible(CbcModelHandle model);

    [LibraryImport(NativeLibraries.Cbc)]
    public static partial int Cbc_isContinuousUnbounded(CbcModelHandle model);

    [LibraryImport(NativeLibraries.Cbc)]
    public static partial int Cbc_isSecondsLimitReached(CbcModelHandle model);

    [LibraryImport(NativeLibraries.Cbc)]
    public static partial int Cbc_isAbandoned(CbcModelHandle model);

    [LibraryImport(NativeLibraries.Cbc)]
    public static partial double Cbc_getObjValue(CbcModelHandle model);

    [LibraryImport(NativeLibraries.Cbc)]
    public static partial double Cbc_getBestPossibleObjValue(CbcModelHandle model);

    [LibraryImport(NativeLibraries.Cbc)]
    public static partial int Cbc_getNodeCount(CbcModelHandle model);

    [LibraryImport(NativeLibraries.Cbc)]
    public static partial double* Cbc_getColSolution(CbcModelHandle model);

    [LibraryImport(NativeLibraries.Cbc)]
    public static partial double* Cbc_bestSolution(CbcModelHandle model);

    [LibraryImport(NativeLibraries.Cbc)]
    public static partial double* Cbc_getReducedCost(CbcModelHandle model);
}

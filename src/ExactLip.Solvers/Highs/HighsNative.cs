using System.Runtime.InteropServices;
using ExactLip.Solvers.Interop;

namespace ExactLip.Solvers.Highs;

/// <summary>
/// Raw imports of HiGHS's C API (highs_c_api.h, HiGHS 1.7 and later), names verbatim.
/// HighsInt is bound as a 32-bit int: <see cref="HighsLibrary"/> refuses a library built with
/// 64-bit HighsInt (Highs_getSizeofHighsInt) before any of these is called with arrays.
/// </summary>
internal static unsafe partial class HighsNative
{
    static HighsNative()
    {
        NativeLibraries.EnsureResolver();
    }

    [LibraryImport(NativeLibraries.Highs)]
    public static partial IntPtr Highs_version();

    [LibraryImport(NativeLibraries.Highs)]
    public static partial int Highs_versionMajor();

    [LibraryImport(NativeLibraries.Highs)]
    public static partial int Highs_versionMinor();

    [LibraryImport(NativeLibraries.Highs)]
    public static partial int Highs_versionPatch();

    [LibraryImport(NativeLibraries.Highs)]
    public static partial int Highs_getSizeofHighsInt(IntPtr highs);

    [LibraryImport(NativeLibraries.Highs)]
    public static partial IntPtr Highs_create();

    [LibraryImport(NativeLibraries.Highs)]
    public static partial void Highs_destroy(IntPtr highs);

    [LibraryImport(NativeLibraries.Highs)]
    public static partial int Highs_passMip(
        HighsHandle highs, int num_col, int num_row, int num_nz, int a_format, int sense, double offset,
        double* col_cost, double* col_lower, double* col_upper, double* row_lower, double* row_upper,
        int* a_start, int* a_index, double* a_value, int* integrality);

    [LibraryImport(NativeLibraries.Highs, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Highs_setBoolOptionValue(HighsHandle highs, string option, int value);

    [LibraryImport(NativeLibraries.Highs, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Highs_setIntOptionValue(HighsHandle highs, string option, int value);

    [LibraryImport(NativeLibraries.Highs, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Highs_setDoubleOptionValue(HighsHandle highs, string option, double value);

    [LibraryImport(NativeLibraries.Highs, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Highs_setStringOptionValue(HighsHandle highs, string option, string value);

    [LibraryImport(NativeLibraries.Highs)]
    public static partial int Highs_setSolution(HighsHandle highs, double* col_value, double* row_value, double* col_dual, double* row_dual);

    [LibraryImport(NativeLibraries.Highs)]
    public static partial int Highs_setCallback(HighsHandle highs, delegate* unmanaged[Cdecl]<int, IntPtr, IntPtr, IntPtr, IntPtr, void> user_callback, IntPtr user_callback_data);

    [LibraryImport(NativeLibraries.Highs)]
    public static partial int Highs_startCallback(HighsHandle highs, int callback_type);

    [LibraryImport(NativeLibraries.Highs)]
    public static partial int Highs_run(HighsHandle highs);

    [LibraryImport(NativeLibraries.Highs)]
    public static partial int Highs_getModelStatus(HighsHandle highs);

    [LibraryImport(NativeLibraries.Highs)]
    public static partial double Highs_getObjectiveValue(HighsHandle highs);

    [LibraryImport(NativeLibraries.Highs)]
    public static partial int Highs_getSolution(HighsHandle highs, double* col_value, double* col_dual, double* row_value, double* row_dual);

    [LibraryImport(NativeLibraries.Highs, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Highs_getIntInfoValue(HighsHandle highs, string info, int* value);

    [LibraryImport(NativeLibraries.Highs, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Highs_getDoubleInfoValue(HighsHandle highs, string info, double* value);

    [LibraryImport(NativeLibraries.Highs, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Highs_getInt64InfoValue(HighsHandle highs, string info, long* value);

    [LibraryImport(NativeLibraries.Highs)]
    public static partial int Highs_changeColCost(HighsHandle highs, int col, double cost);

    [LibraryImport(NativeLibraries.Highs)]
    public static partial int Highs_changeColsIntegralityByRange(HighsHandle highs, int from_col, int to_col, int* integrality);

    [LibraryImport(NativeLibraries.Highs)]
    public static partial void Highs_resetGlobalScheduler(int blocking);

    [LibraryImport(NativeLibraries.Highs, StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr Highs_getCallbackDataOutItem(IntPtr data_out, string item_name);
}

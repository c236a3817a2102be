using System.Runtime.InteropServices;
using ExactLip.Core;
using ExactLip.Solvers.Interop;

namespace ExactLip.Solvers.Highs;

/// <summary>
/// Finds the HiGHS library and decides once whether this binding can drive it.
/// Implementation note: the binding passes HighsInt arrays as 32-bit ints and reads callback
/// data by field name, which HiGHS offers from 1.7 on; a library of another major version, an
/// older minor one, or one built with 64-bit HighsInt would read memory wrongly, so it is
/// refused here with a sentence naming what was found, before any model reaches it.
/// </summary>
internal static class HighsLibrary
{
    public const int MinimumMinor = 7;

    private static readonly Lazy<string?> Refusal = new(FindRefusal, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Null when the library is usable; else one sentence saying why not and what to do.</summary>
    public static string? Problem => Refusal.Value;

    public static void Require()
    {
        if (Problem is { } problem)
        {
            throw new SolverUnavailableException(problem);
        }
    }

    public static string InstallHint() =>
        $"HiGHS was not found (looked for {NativeLibraries.DescribeSearch(NativeLibraries.Highs)}): ExactLip's build ships it on Linux x64 (from the OR-Tools runtime package), elsewhere install it from conda-forge ('conda install -c conda-forge highs'), Homebrew ('brew install highs') or a source build of github.com/ERGO-Code/HiGHS with -DBUILD_SHARED_LIBS=ON, then put libhighs.so.1 on the loader path or set EXACTLIP_HIGHS_LIBRARY to its file.";

    /// <summary>Whether a major.minor version is one this binding drives.</summary>
    public static bool Supports(int major, int minor) => major == 1 && minor >= MinimumMinor;

    private static string? FindRefusal()
    {
        if (!NativeLibraries.TryLoad(NativeLibraries.Highs, out var library))
        {
            return InstallHint();
        }

        foreach (var symbol in new[] { "Highs_versionMajor", "Highs_getSizeofHighsInt", "Highs_setCallback", "Highs_getCallbackDataOutItem" })
        {
            if (!NativeLibrary.TryGetExport(library, symbol, out _))
            {
                return $"The HiGHS library found ({Where(library)}) lacks {symbol}: ExactLip needs HiGHS 1.{MinimumMinor} or later (1.x); install a newer one or set EXACTLIP_HIGHS_LIBRARY to it.";
            }
        }

        var major = HighsNative.Highs_versionMajor();
        var minor = HighsNative.Highs_versionMinor();
        if (!Supports(major, minor))
        {
            return $"The HiGHS library found ({Where(library)}) is version {major}.{minor}, but ExactLip drives HiGHS 1.{MinimumMinor} or later 1.x releases; install one of those or set EXACTLIP_HIGHS_LIBRARY to it.";
        }

        var highs = HighsNative.Highs_create();
        try
        {
            var size = HighsNative.Highs_getSizeofHighsInt(highs);
            if (size != sizeof(int))
            {
                return $"The HiGHS library found ({Where(library)}) was built with {size * 8}-bit HighsInt, but ExactLip needs the default 32-bit build (without -DHIGHSINT64=ON); install that or set EXACTLIP_HIGHS_LIBRARY to it.";
            }
        }
        finally
        {
            HighsNative.Highs_destroy(highs);
        }

        return null;
    }

    private static string Where(IntPtr library) =>
        NativeLibrary.TryGetExport(library, "Highs_create", out var symbol) && LibcNative.FileOf(symbol) is { } file ? file : "on the loader path";
}

using System.Runtime.InteropServices;
using ExactLip.Core;
using ExactLip.Solvers.Interop;

namespace ExactLip.Solvers.Scip;

/// <summary>
/// Finds the SCIP library and decides once whether this binding can drive it, and with which
/// table of enum values (<see cref="ScipAbi"/>). A release this binding has no table for is
/// refused with a sentence naming what was found, before any model reaches it.
/// </summary>
internal static class ScipLibrary
{
    private static readonly Lazy<(ScipAbi? Abi, string? Problem)> State = new(Find, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Null when the library is usable; else one sentence saying why not and what to do.</summary>
    public static string? Problem => State.Value.Problem;

    /// <summary>The enum values of the loaded release; throws when SCIP is unusable.</summary>
    public static ScipAbi Abi
    {
        get
        {
            Require();
            return State.Value.Abi!;
        }
    }

    public static void Require()
    {
        if (Problem is { } problem)
        {
            throw new SolverUnavailableException(problem);
        }
    }

    public static string InstallHint() =>
        $"SCIP was not found (looked for {NativeLibraries.DescribeSearch(NativeLibraries.Scip)}): ExactLip's build ships SCIP 10 on Linux x64 (from the OR-Tools runtime package), elsewhere install SCIP 9 or 10 from the SCIP Optimization Suite packages (scipopt.org), conda-forge ('conda install -c conda-forge scip') or a source build of github.com/scipopt/scip, then put libscip on the loader path or set EXACTLIP_SCIP_LIBRARY to its file.";

    private static (ScipAbi?, string?) Find()
    {
        if (!NativeLibraries.TryLoad(NativeLibraries.Scip, out var library))
        {
            return (null, InstallHint());
        }

        foreach (var symbol in new[] { "SCIPmajorVersion", "SCIPminorVersion", "SCIPincludeEventhdlrBasic", "SCIPgetNTotalNodes" })
        {
            if (!NativeLibrary.TryGetExport(library, symbol, out _))
            {
                return (null, $"The SCIP library found ({Where(library)}) lacks {symbol}: ExactLip needs SCIP 9 or 10; install one of those or set EXACTLIP_SCIP_LIBRARY to it.");
            }
        }

        var major = ScipNative.SCIPmajorVersion();
        var minor = ScipNative.SCIPminorVersion();
        return ScipAbi.For(major) is { } abi
            ? (abi, null)
            : (null, $"The SCIP library found ({Where(library)}) is version {major}.{minor}, but ExactLip drives SCIP 9 and 10 (their status and event numbers differ by release); install one of those or set EXACTLIP_SCIP_LIBRARY to it.");
    }

    private static string Where(IntPtr library) =>
        NativeLibrary.TryGetExport(library, "SCIPcreate", out var symbol) && LibcNative.FileOf(symbol) is { } file ? file : "on the loader path";
}

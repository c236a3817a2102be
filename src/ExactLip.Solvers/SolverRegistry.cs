using System.Runtime.InteropServices;
using ExactLip.Core;
using ExactLip.Mip.Solving;
using ExactLip.Solvers.Cbc;
using ExactLip.Solvers.Glpk;
using ExactLip.Solvers.Highs;
using ExactLip.Solvers.Interop;
using ExactLip.Solvers.Scip;

namespace ExactLip.Solvers;

/// <summary>
/// The MIP back ends ExactLip knows, listed explicitly in order of strength, with how to tell
/// whether each is installed. "auto" picks the first available one.
/// Implementation note: availability is decided by loading the library, checking its version
/// (and for HiGHS its integer size) and reading its version string, never by calling into a
/// model; a library that is absent, too old or built differently is reported as unavailable
/// with one sentence saying what was looked for and how to install it, not as a crash.
/// HiGHS goes ahead of SCIP because it was faster on every LipMIP instance of the benchmark
/// suite (docs/benchmarks.md, "All back ends side by side").
/// </summary>
public static class SolverRegistry
{
    private sealed record Backend(string Name, string Library, string VersionSymbol, Func<string> InstallHint, Func<string?> Refusal, Func<IMipSolver> Create);

    private static readonly Backend[] Backends =
    {
        new("highs", NativeLibraries.Highs, "Highs_version", HighsLibrary.InstallHint, () => HighsLibrary.Problem, () => new HighsSolver()),
        new("scip", NativeLibraries.Scip, "SCIPversion", ScipLibrary.InstallHint, () => ScipLibrary.Problem, () => new ScipSolver()),
        new("cbc", NativeLibraries.Cbc, "Cbc_getVersion", CbcInstallHint, () => null, () => new CbcSolver()),
        new("glpk", NativeLibraries.Glpk, "glp_version", () => "GLPK is not installed: install it with 'apt-get install libglpk40'.", () => null, () => new GlpkSolver()),
    };

    /// <summary>The names <see cref="Create"/> accepts besides "auto".</summary>
    public static IReadOnlyList<string> Names { get; } = Backends.Select(b => b.Name).ToArray();

    /// <summary>Every known back end, strongest first, with its availability here.</summary>
    public static IReadOnlyList<SolverInfo> List() => Backends.Select(Probe).ToArray();

    /// <summary>
    /// A solver by name ("highs", "scip", "cbc", "glpk", or "auto" for the strongest installed
    /// one). Throws <see cref="SolverUnavailableException"/> when it is not installed and
    /// <see cref="ExactLipException"/> for an unknown name.
    /// </summary>
    public static IMipSolver Create(string name)
    {
        var key = (name ?? string.Empty).Trim().ToLowerInvariant();
        if (key == "auto")
        {
            foreach (var backend in Backends)
            {
                if (Probe(backend).IsAvailable)
                {
                    return backend.Create();
                }
            }

            throw new SolverUnavailableException("No MIP solver is installed: install one with 'apt-get install coinor-libcbc3' or 'apt-get install libglpk40' (or HiGHS or SCIP, see 'exactlip solvers').");
        }

        var chosen = Backends.FirstOrDefault(b => b.Name == key)
            ?? throw new ExactLipException($"Unknown solver '{name}': choose {string.Join(", ", Names)} or auto.");
        var info = Probe(chosen);
        if (!info.IsAvailable)
        {
            throw new SolverUnavailableException(info.Reason!);
        }

        return chosen.Create();
    }

    private static string CbcInstallHint() =>
        $"CBC was not found (looked for {NativeLibraries.DescribeSearch(NativeLibraries.Cbc)}): ExactLip's build ships it on Linux x64 (from the OR-Tools runtime package), elsewhere install it with 'apt-get install coinor-libcbc3' or set EXACTLIP_CBC_LIBRARY to its file.";

    private static SolverInfo Probe(Backend backend)
    {
        if (!NativeLibraries.TryLoad(backend.Library, out var library)
            || !NativeLibrary.TryGetExport(library, backend.VersionSymbol, out var symbol))
        {
            return new SolverInfo(backend.Name, false, null, null, backend.InstallHint());
        }

        var path = LibcNative.FileOf(symbol);
        try
        {
            if (backend.Refusal() is { } refusal)
            {
                return new SolverInfo(backend.Name, false, null, path, refusal);
            }

            var version = backend.Create().Version;
            return new SolverInfo(backend.Name, true, version, path, null);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return new SolverInfo(backend.Name, false, null, null, backend.InstallHint());
        }
    }
}

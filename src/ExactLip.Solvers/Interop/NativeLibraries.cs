using System.Reflection;
using System.Runtime.InteropServices;

namespace ExactLip.Solvers.Interop;

/// <summary>
/// Maps the short library names used in [LibraryImport] to the files to load, in order: the file
/// an EXACTLIP_*_LIBRARY variable names (then alone), the file the build copied beside the
/// assemblies (HiGHS, SCIP and CBC from the OR-Tools runtime package, see ExactLip.Solvers.csproj),
/// then the names the system installs on the loader path.
/// Implementation note: an assembly can have only one import resolver, so every back end's
/// names live in this one table; the versioned soname comes first because the unversioned
/// symlink exists only when the -dev package is installed. The bundled file is loaded by its
/// full path, so a system library of the same soname cannot stand in for it.
/// </summary>
internal static class NativeLibraries
{
    public const string Cbc = "CbcSolver";
    public const string Glpk = "glpk";
    public const string Highs = "highs";
    public const string Scip = "scip";
    public const string Libc = "libc";

    private static readonly Dictionary<string, string[]> Candidates = new(StringComparer.Ordinal)
    {
        [Cbc] = new[] { "libCbcSolver.so.3", "libCbcSolver.so", "libCbcSolver.3.dylib", "libCbcSolver.dylib" },
        [Glpk] = new[] { "libglpk.so.40", "libglpk.so", "libglpk.40.dylib", "libglpk.dylib" },
        [Highs] = new[] { "libhighs.so.1", "libhighs.so", "libhighs.1.dylib", "libhighs.dylib" },

        // SCIP's soname carries major.minor; the supported releases, newest first.
        [Scip] = new[]
        {
            "libscip.so.10.0", "libscip.so.10", "libscip.so.9.2", "libscip.so.9.1", "libscip.so.9.0", "libscip.so.9",
            "libscip.so", "libscip.10.0.dylib", "libscip.9.2.dylib", "libscip.dylib",
        },
        [Libc] = new[] { "libc.so.6", "libc.dylib" },
    };

    /// <summary>The files the build copies beside the assemblies (on Linux x64).</summary>
    private static readonly Dictionary<string, string> Bundled = new(StringComparer.Ordinal)
    {
        [Cbc] = "libCbcSolver.so.2",
        [Highs] = "libhighs.so.1",
        [Scip] = "libscip.so.10.0",
    };

    /// <summary>Environment variables that name a library file to use instead of the usual names.</summary>
    private static readonly Dictionary<string, string> Overrides = new(StringComparer.Ordinal)
    {
        [Cbc] = "EXACTLIP_CBC_LIBRARY",
        [Glpk] = "EXACTLIP_GLPK_LIBRARY",
        [Highs] = "EXACTLIP_HIGHS_LIBRARY",
        [Scip] = "EXACTLIP_SCIP_LIBRARY",
    };

    private static int _registered;

    /// <summary>Installs the resolver once; called from the static constructors of the import classes.</summary>
    public static void EnsureResolver()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            NativeLibrary.SetDllImportResolver(typeof(NativeLibraries).Assembly, Resolve);
        }
    }

    /// <summary>Loads a library by its short name, or returns false when no candidate file loads.</summary>
    public static bool TryLoad(string name, out IntPtr handle)
    {
        foreach (var file in CandidateFiles(name))
        {
            if (NativeLibrary.TryLoad(file, out handle))
            {
                return true;
            }
        }

        handle = IntPtr.Zero;
        return false;
    }

    /// <summary>
    /// The files tried for a library: the override alone when its variable is set, else the
    /// bundled file when the build put it here, then the usual names on the loader path.
    /// </summary>
    public static IReadOnlyList<string> CandidateFiles(string name)
    {
        if (OverridePath(name) is { } path)
        {
            return new[] { path };
        }

        var usual = Candidates.GetValueOrDefault(name, new[] { name });
        return BundledPath(name) is { } bundled && File.Exists(bundled) ? usual.Prepend(bundled).ToArray() : usual;
    }

    /// <summary>Where the build puts a library beside the assemblies, or null for one it does not ship.</summary>
    public static string? BundledPath(string name) =>
        Bundled.TryGetValue(name, out var file) ? Path.Combine(AppContext.BaseDirectory, file) : null;

    private static string? OverridePath(string name) =>
        Overrides.TryGetValue(name, out var variable) && Environment.GetEnvironmentVariable(variable) is { Length: > 0 } path ? path : null;

    /// <summary>The environment variable that overrides a library's file, or null.</summary>
    public static string? OverrideVariable(string name) => Overrides.GetValueOrDefault(name);

    /// <summary>"FILE (named by VARIABLE)" when overridden, else the bundled file and the usual names: what a refusal names.</summary>
    public static string DescribeSearch(string name)
    {
        var variable = Overrides[name];
        if (OverridePath(name) is { } path)
        {
            return $"{path} (named by {variable})";
        }

        var usual = string.Join(", ", Candidates[name].Where(f => f.Contains(".so", StringComparison.Ordinal)));
        var bundled = BundledPath(name) is { } file ? $"{file}, then " : string.Empty;
        return $"{bundled}{usual} on the loader path, or a file named by {variable}";
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        Candidates.ContainsKey(name) && TryLoad(name, out var handle) ? handle : IntPtr.Zero;
}

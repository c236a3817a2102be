using ExactLip.Bounds;
using ExactLip.BranchAndBound;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Mip.Solving;
using ExactLip.Solvers;

namespace ExactLip.Cli;

/// <summary>
/// The exact engines certify's --method and a batch job's "method" name, in one place: "mip"
/// (LipMIP through a MIP back end), "bab" (branch and bound over activation patterns) and
/// "auto" (chosen per network and quantity by <see cref="EngineChoice"/>, the rule measured in
/// docs/branch-and-bound.md). Adding an engine is adding an entry here.
/// </summary>
public static class CertificationEngines
{
    /// <summary>Branch and bound was measured faster than the MIP path (docs/branch-and-bound.md), so auto decides.</summary>
    public const string Default = "auto";

    /// <summary>Certifies <paramref name="network"/> over <paramref name="box"/>; honours the token like <see cref="Certifier.Run"/>.</summary>
    public delegate Certificate Engine(Network.Network network, Box box, LipschitzQuantity quantity, IProgress<CertifyProgress>? progress, CancellationToken cancellationToken);

    /// <summary>"mip" or "bab" for this network and quantity; one sentence for any other name.</summary>
    /// <param name="wantsMip">True when the caller needs the MIP itself (certify's --export-mps): auto then picks the MIP path wherever it applies.</param>
    public static string Resolve(string method, Network.Network network, LipschitzQuantity quantity, bool wantsMip = false) => (method ?? string.Empty).Trim().ToLowerInvariant() switch
    {
        "mip" => "mip",
        "bab" => "bab",
        "auto" => EngineChoice.Choose(network, quantity, wantsMip),
        _ => throw new ExactLipException($"Unknown method '{method}' for --method: choose mip, bab or auto."),
    };

    /// <summary>
    /// The back end an engine uses: the named one, or for branch and bound with no --solver given
    /// the best LP back end available (branch and bound solves LPs only).
    /// </summary>
    public static IMipSolver Backend(string engine, string solverName, bool solverGiven) =>
        engine == "bab" && !solverGiven ? BranchAndBoundLpBackend() : SolverRegistry.Create(solverName);

    /// <summary>
    /// GLPK where it loads: branch and bound solves many small region LPs, GLPK was measured
    /// fastest on them (docs/branch-and-bound.md), and every worker may run one at once (the
    /// others are serialised). Else the best LP back end there is.
    /// </summary>
    private static IMipSolver BranchAndBoundLpBackend() =>
        SolverRegistry.List().Any(s => s.Name == "glpk" && s.IsAvailable) ? SolverRegistry.Create("glpk") : LpBackend(SolverRegistry.Create("auto"));

    /// <summary>The engine <paramref name="engine"/> (as returned by <see cref="Resolve"/>) with its settings.</summary>
    /// <param name="search">Branch-and-bound settings, or null for the defaults.</param>
    /// <param name="modelReady">Called with each MIP the MIP path builds (certify's --export-mps).</param>
    public static Engine Create(string engine, IMipSolver backend, CertifyOptions options, BranchAndBoundOptions? search = null, Action<int, Mip.MipModel>? modelReady = null)
    {
        if (engine == "bab")
        {
            // GLPK keeps its LP state per thread, so its LPs run in parallel; other back ends one at a time.
            var lp = RegionLpBackend(backend);
            var settings = (search ?? BranchAndBoundOptions.Default) with { SerialLp = lp.Name != "glpk" };
            var bab = new BranchAndBoundCertifier(lp, options, settings);
            return (network, box, quantity, progress, cancel) => WithRoutingNote(bab.Run(network, box, quantity, progress, cancel), backend, lp);
        }

        var region = RegionLpBackend(backend);
        var certifier = new Certifier(backend, options)
        {
            LpSolver = options.Bounds == BoundsMethod.Lp ? LpBackend(backend) : null,
            RegionSolver = region,
            ModelReady = modelReady,
        };
        return (network, box, quantity, progress, cancel) =>
        {
            QuantityOptions.RequirePolyhedral(quantity);
            return WithRoutingNote(certifier.Run(network, box, quantity, progress, cancel), backend, region);
        };
    }

    /// <summary>The certificate, saying so when its region LPs ran on another back end than the one chosen.</summary>
    private static Certificate WithRoutingNote(Certificate certificate, IMipSolver chosen, IMipSolver regionLps) =>
        ReferenceEquals(chosen, regionLps) ? certificate : certificate with
        {
            Notes = certificate.Notes.Append($"{chosen.Name} reports no LP row duals, which prove a region empty, so region LPs go to {regionLps.Name}.").ToArray(),
        };

    /// <summary>
    /// The back end of region LPs (is a pattern's region empty?): the chosen one when it reports
    /// row duals, from which emptiness is proven; else the LP back end (GLPK), so that a back end
    /// without duals (SCIP) does not leave every exclusion unproven.
    /// </summary>
    public static IMipSolver RegionLpBackend(IMipSolver backend)
    {
        if (backend.ReportsRowDuals)
        {
            return backend;
        }

        var lp = LpBackend(backend);
        return lp.ReportsRowDuals ? lp : backend;
    }

    /// <summary>
    /// The back end of LP work (bound tightening, feasibility LPs): one that keeps an LP loaded
    /// and re-solves it warm (GLPK, HiGHS) when the chosen one cannot, else the chosen one.
    /// </summary>
    public static IMipSolver LpBackend(IMipSolver backend)
    {
        if (backend is ILpSessionFactory)
        {
            return backend;
        }

        try
        {
            return SolverRegistry.Create("glpk");
        }
        catch (SolverUnavailableException)
        {
            return backend;
        }
    }
}

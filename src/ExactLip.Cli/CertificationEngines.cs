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
    public const string Default = "mip";

    /// <summary>Certifies <paramref name="network"/> over <paramref name="box"/>; honours the token like <see cref="Certifier.Run"/>.</summary>
    public delegate Certificate Engine(Network.Network network, Box box, LipschitzQuantity quantity, IProgress<CertifyProgress>? progress, CancellationToken cancellationToken);

    /// <summary>"mip" or "bab" for this network and quantity; one sentence for any other name.</summary>
    public static string Resolve(string method, Network.Network network, LipschitzQuantity quantity) => (method ?? string.Empty).Trim().ToLowerInvariant() switch
    {
        "mip" => "mip",
        "bab" => "bab",
        "auto" => EngineChoice.Choose(network, quantity),
        _ => throw new ExactLipException($"Unknown method '{method}' for --method: choose mip, bab or auto."),
    };

    /// <summary>
    /// The back end an engine uses: the named one, or for branch and bound with no --solver given
    /// the best LP back end available (branch and bound solves LPs only).
    /// </summary>
    public static IMipSolver Backend(string engine, string solverName, bool solverGiven) =>
        engine == "bab" && !solverGiven ? CertifyCommand.LpBackend(SolverRegistry.Create("auto")) : SolverRegistry.Create(solverName);

    /// <summary>The engine <paramref name="engine"/> (as returned by <see cref="Resolve"/>) with its settings.</summary>
    /// <param name="search">Branch-and-bound settings, or null for the defaults.</param>
    /// <param name="mip">How the MIP path's certifier is made (certify adds its MPS export).</param>
    public static Engine Create(string engine, IMipSolver backend, CertifyOptions options, BranchAndBoundOptions? search = null, Func<IMipSolver, CertifyOptions, Certifier>? mip = null)
    {
        if (engine == "bab")
        {
            // GLPK keeps its LP state per thread, so its LPs run in parallel; other back ends one at a time.
            var settings = (search ?? BranchAndBoundOptions.Default) with { SerialLp = backend.Name != "glpk" };
            var bab = new BranchAndBoundCertifier(backend, options, settings);
            return bab.Run;
        }

        var certifier = mip is null
            ? new Certifier(backend, options) { LpSolver = options.Bounds == BoundsMethod.Lp ? CertifyCommand.LpBackend(backend) : null }
            : mip(backend, options);
        return (network, box, quantity, progress, cancel) =>
        {
            QuantityOptions.RequirePolyhedral(quantity);
            return certifier.Run(network, box, quantity, progress, cancel);
        };
    }
}

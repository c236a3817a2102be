using ExactLip.Bounds;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Mip.Solving;

namespace ExactLip.Cli;

/// <summary>
/// The certification engines a batch job names with "method", in one table: adding an engine
/// is adding one entry. Each entry turns a MIP back end and the run's options into a function
/// that certifies a network over a box; an engine checks what it cannot do (the MIP refuses
/// non-polyhedral norms) when it runs.
/// </summary>
public static class CertificationEngines
{
    public const string Default = "mip";

    private static readonly Dictionary<string, Func<IMipSolver, CertifyOptions, Engine>> Engines = new(StringComparer.Ordinal)
    {
        ["mip"] = (solver, options) => (network, box, quantity, progress, cancel) =>
        {
            QuantityOptions.RequirePolyhedral(quantity);
            var certifier = new Certifier(solver, options) { LpSolver = options.Bounds == BoundsMethod.Lp ? CertifyCommand.LpBackend(solver) : null };
            return certifier.Run(network, box, quantity, progress, cancel);
        },
    };

    /// <summary>Certifies <paramref name="network"/> over <paramref name="box"/>; honours the token like <see cref="Certifier.Run"/>.</summary>
    public delegate Certificate Engine(Network.Network network, Box box, LipschitzQuantity quantity, IProgress<CertifyProgress>? progress, CancellationToken cancellationToken);

    public static IReadOnlyCollection<string> Names => Engines.Keys;

    /// <summary>The engine called <paramref name="method"/>; one sentence naming the choices for any other name.</summary>
    public static Engine Create(string method, IMipSolver solver, CertifyOptions options)
    {
        var key = (method ?? string.Empty).Trim().ToLowerInvariant();
        return Engines.TryGetValue(key, out var create)
            ? create(solver, options)
            : throw new ExactLipException($"Unknown or unsupported --method '{method}': choose {string.Join(", ", Names)}.");
    }
}

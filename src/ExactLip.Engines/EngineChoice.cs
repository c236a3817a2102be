using ExactLip.Certify;
using ExactLip.Network;
using ExactLip.Solvers;

namespace ExactLip.Engines;

/// <summary>
/// The one entry point from a caller's wishes to an engine: certify, compare, batch jobs and the
/// benchmarks all come through here. Auto races both engines (<see cref="PortfolioEngine"/>) where
/// both apply, by the engines' <see cref="EngineCapabilities"/>, else takes the one that does.
/// Adding an engine is adding a method, its capabilities and a line in <see cref="Create"/>.
/// </summary>
public static class EngineChoice
{
    /// <summary>The engine <paramref name="settings"/> ask for, built with its back end, for this network and quantity.</summary>
    public static ICertificationEngine Choose(EngineSettings settings, NeuralNetwork network, LipschitzQuantity quantity) =>
        Create(Resolve(settings.Method, network, quantity, settings.WantsMip), settings);

    /// <summary>Certifies the request with the engine <paramref name="settings"/> choose for it.</summary>
    public static Certificate Certify(EngineSettings settings, CertificationRequest request) =>
        Choose(settings, request.Network, request.Quantity).Certify(request);

    /// <summary>
    /// The method itself, or for auto: the portfolio of both engines (Auto) where both apply, else
    /// the one that does (ℓ2: branch and bound; max pooling or an MPS export: the MIP path).
    /// </summary>
    /// <param name="wantsMip">The caller needs the MIP itself (an MPS export): the MIP path wherever it applies.</param>
    public static CertificationMethod Resolve(CertificationMethod method, NeuralNetwork network, LipschitzQuantity quantity, bool wantsMip = false)
    {
        if (method != CertificationMethod.Auto)
        {
            return method;
        }

        // Only branch and bound measures ℓ2; only the MIP path exports MIPs and handles max pooling.
        if (!EngineCapabilities.MipPath.Measures(quantity))
        {
            return CertificationMethod.Bab;
        }

        if (wantsMip || !EngineCapabilities.BranchAndBound.Handles(network))
        {
            return CertificationMethod.Mip;
        }

        return CertificationMethod.Auto;
    }

    /// <summary>The engine <paramref name="method"/> (Mip, Bab, or Auto: the portfolio of both) with the back ends <paramref name="settings"/> name.</summary>
    public static ICertificationEngine Create(CertificationMethod method, EngineSettings settings) => method switch
    {
        CertificationMethod.Mip => new MipEngine(SolverRegistry.Create(settings.Solver ?? EngineSettings.DefaultMipSolver)),
        CertificationMethod.Bab => new BranchAndBoundEngine(settings.Solver is { } name ? SolverRegistry.Create(name) : BackendRouting.BranchAndBoundLpBackend(), settings.Search),
        _ => PortfolioEngine.Create(settings),
    };
}

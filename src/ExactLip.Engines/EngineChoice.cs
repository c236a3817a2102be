using ExactLip.Certify;
using ExactLip.Network;
using ExactLip.Solvers;

namespace ExactLip.Engines;

/// <summary>
/// The one entry point from a caller's wishes to an engine: certify, compare, batch jobs and the
/// benchmarks all come through here. Auto picks by the measured rule of docs/branch-and-bound.md,
/// stated through the engines' <see cref="EngineCapabilities"/>. Adding an engine is adding a
/// method, its capabilities and a line in <see cref="Create"/>.
/// </summary>
public static class EngineChoice
{
    /// <summary>The engine <paramref name="settings"/> ask for, built with its back end, for this network and quantity.</summary>
    public static ICertificationEngine Choose(EngineSettings settings, NeuralNetwork network, LipschitzQuantity quantity) =>
        Create(Resolve(settings.Method, network, quantity, settings.WantsMip), settings);

    /// <summary>Certifies the request with the engine <paramref name="settings"/> choose for it.</summary>
    public static Certificate Certify(EngineSettings settings, CertificationRequest request) =>
        Choose(settings, request.Network, request.Quantity).Certify(request);

    /// <summary>Mip or Bab: the method itself, or for auto the engine the measured rule picks.</summary>
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

        return CertificationMethod.Bab;
    }

    /// <summary>The engine <paramref name="method"/> (Mip or Bab) with the back end <paramref name="settings"/> name.</summary>
    public static ICertificationEngine Create(CertificationMethod method, EngineSettings settings) => method switch
    {
        CertificationMethod.Mip => new MipEngine(SolverRegistry.Create(settings.Solver ?? EngineSettings.DefaultMipSolver)),
        CertificationMethod.Bab => new BranchAndBoundEngine(settings.Solver is { } name ? SolverRegistry.Create(name) : BackendRouting.BranchAndBoundLpBackend(), settings.Search),
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Resolve auto to an engine first."),
    };
}

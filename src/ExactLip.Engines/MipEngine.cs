using ExactLip.Bounds;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Mip.Solving;

namespace ExactLip.Engines;

/// <summary>
/// LipMIP (Jordan &amp; Dimakis 2020) through a MIP back end, as <see cref="Certifier"/> runs it,
/// with region LPs on a back end that reports row duals and --bounds lp's LPs on one that
/// re-solves warm (<see cref="BackendRouting"/>).
/// </summary>
public sealed class MipEngine : ICertificationEngine
{
    private readonly IMipSolver _regionLps;

    public MipEngine(IMipSolver backend)
    {
        Backend = backend;
        _regionLps = BackendRouting.RegionLpBackend(backend);
    }

    /// <summary>Why a checkpoint is refused for the MIP path (one sentence).</summary>
    public const string MipCheckpointRefusal =
        "--checkpoint saves the search of branch and bound; the MIP path's search tree lives inside its solver, so its checkpoint could hold only the witness and the bounds and a resumed run would search again from the start: use --method bab or auto (whose branch and bound saves its search), or leave --checkpoint out.";

    public CertificationMethod Method => CertificationMethod.Mip;

    public EngineCapabilities Capabilities => EngineCapabilities.MipPath;

    public IMipSolver Backend { get; }

    public Certificate Certify(CertificationRequest request)
    {
        if (!Capabilities.Measures(request.Quantity))
        {
            throw new ExactLipException("The MIP path measures ℓ1 and ℓ∞ norms only (ℓ2 is not polyhedral, so no MIP encodes it); branch and bound measures ℓ2.");
        }

        if (request.Checkpoint is not null)
        {
            throw new ExactLipException(MipCheckpointRefusal);
        }

        var certifier = new Certifier(Backend, request.Options)
        {
            LpSolver = request.Options.Bounds == BoundsMethod.Lp ? BackendRouting.LpBackend(Backend) : null,
            RegionSolver = _regionLps,
            ModelReady = request.MipReady,
        };
        var certificate = certifier.Run(request.Network, request.Box, request.Quantity, request.Progress, request.CancellationToken);

        // Below the propagated bound, some sub-problem's bound is its solver's dual bound.
        var source = certificate.Upper < certificate.BoundsUpper ? UpperBoundSource.MipSolver : UpperBoundSource.Proven;
        return BackendRouting.WithRoutingNote(certificate, Backend, _regionLps) with { UpperSource = source };
    }
}

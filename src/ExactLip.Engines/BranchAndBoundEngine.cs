using ExactLip.BranchAndBound;
using ExactLip.Certify;
using ExactLip.Mip.Solving;

namespace ExactLip.Engines;

/// <summary>
/// Branch and bound over activation patterns (<see cref="BranchAndBoundCertifier"/>), its
/// feasibility LPs on a back end that reports row duals (<see cref="BackendRouting"/>).
/// </summary>
public sealed class BranchAndBoundEngine : ICertificationEngine
{
    private readonly IMipSolver _regionLps;
    private readonly BranchAndBoundOptions _search;

    /// <param name="backend">The back end named for the run (its LPs go to one with row duals when it reports none).</param>
    public BranchAndBoundEngine(IMipSolver backend, BranchAndBoundOptions? search = null)
    {
        Backend = backend;
        _regionLps = BackendRouting.RegionLpBackend(backend);
        // GLPK keeps its LP state per thread, so its LPs run in parallel; other back ends one at a time.
        _search = (search ?? BranchAndBoundOptions.Default) with { SerialLp = _regionLps.Name != "glpk" };
    }

    public CertificationMethod Method => CertificationMethod.Bab;

    public EngineCapabilities Capabilities => EngineCapabilities.BranchAndBound;

    public IMipSolver Backend { get; }

    public Certificate Certify(CertificationRequest request)
    {
        var search = new BranchAndBoundCertifier(_regionLps, request.Options, _search with { Checkpoint = request.Checkpoint });
        var certificate = search.Run(request.Network, request.Box, request.Quantity, request.Progress, request.CancellationToken);
        return BackendRouting.WithRoutingNote(certificate, Backend, _regionLps);
    }
}

using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Mip.Solving;

namespace ExactLip.BranchAndBound;

/// <summary>
/// Certifies the local Lipschitz constant by branch and bound over activation patterns (as
/// LipBaB, Bhowmick et al. 2021, and Shi et al. 2022): the second exact engine beside the MIP
/// path, with the same network, bounds, progress reports and <see cref="Certificate"/>.
/// Implementation note: see docs/branch-and-bound.md. A sub-domain is the box plus fixed signs
/// for some neurons; bound propagation that uses the signs bounds the Jacobian there; an LP
/// drops sub-domains without interior points and gives a point inside the others, where the
/// plain evaluator computes a lower bound. A sub-domain whose every neuron is fixed or stable
/// has one constant Jacobian, so it closes at its exact value. Best-first order, several
/// workers; the run holds a certified [lower, upper] from the start.
/// </summary>
public sealed class BranchAndBoundCertifier : ExactCertifier
{
    private readonly IMipSolver _lpSolver;
    private readonly BranchAndBoundOptions _search;

    /// <param name="lpSolver">The back end of the feasibility LPs.</param>
    public BranchAndBoundCertifier(IMipSolver lpSolver, CertifyOptions options, BranchAndBoundOptions? search = null)
        : base(options)
    {
        _lpSolver = lpSolver;
        _search = search ?? BranchAndBoundOptions.Default;
        if (_search.Workers < 1)
        {
            throw new ExactLipException($"The number of workers must be at least 1, but it is {_search.Workers}.");
        }
    }

    public override Certificate Run(RunContext run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var net = new PiecewiseLinearNetwork(run.Network);
        var measured = new JacobianQuantity(run.Quantity, net.Network.OutputSize);
        return new PatternSearch(net, run, measured, _lpSolver, _search).Execute();
    }
}

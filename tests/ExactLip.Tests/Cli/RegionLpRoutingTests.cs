using ExactLip.BranchAndBound;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Engines;
using ExactLip.Mip;
using ExactLip.Mip.Solving;
using ExactLip.Network;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Cli;

/// <summary>
/// A back end whose LP answers carry no row duals (as SCIP's) cannot prove a pattern's region
/// empty; the engines then send region LPs to GLPK, so relu(x) − relu(−x) still certifies as 1.
/// </summary>
public class RegionLpRoutingTests
{
    /// <summary>CBC with its row duals withheld: what a region LP gets from the SCIP binding.</summary>
    private sealed class WithoutDuals : IMipSolver
    {
        private readonly IMipSolver _inner = TestSolvers.Get("cbc");

        public string Name => "without-duals";

        public string Version => _inner.Version;

        public bool UsesStart => _inner.UsesStart;

        public bool ReportsRowDuals => false;

        public SolveOutcome Solve(MipModel model, SolveOptions options, IProgress<SolveProgress>? progress, CancellationToken cancellationToken) =>
            _inner.Solve(model, options, progress, cancellationToken) with { RowDuals = null };
    }

    private static readonly Box Unit = new(new[] { -1.0 }, new[] { 1.0 });

    private static LipschitzQuantity Slope => LipschitzQuantity.Scalar(Norm.Linf, new[] { 1.0 });

    private static CertifyOptions Options => new(Samples: 0, LocalSteps: 0, TimeLimit: TimeSpan.FromSeconds(30));

    [Fact]
    public void RegionLpBackend_KeepsABackEndWithDuals_AndReplacesOneWithout()
    {
        var cbc = TestSolvers.Get("cbc");
        BackendRouting.RegionLpBackend(cbc).Should().BeSameAs(cbc);
        BackendRouting.RegionLpBackend(new WithoutDuals()).Name.Should().Be("glpk");
    }

    [Fact]
    public void BranchAndBound_BackEndWithoutDuals_StillExcludesTheImpossiblePattern()
    {
        // "Both hinges active" has slope 2 by its bounds and no interior: only a proof drops it
        // (here the region LP's; the split constraints' multipliers would decide the second hinge
        // once the first is split, with no LP, so they are off).
        var search = new BranchAndBoundOptions(Workers: 1, InputSplitDimension: 0) { SplitMultipliers = false };
        var unrouted = new BranchAndBoundCertifier(new WithoutDuals(), Options, search)
            .Run(TestNetworks.OppositeHinges(), Unit, Slope, null, CancellationToken.None);
        unrouted.Stop.Should().Be(StopReason.SolverFailed, "without duals the exclusion is unproven");

        var cert = new BranchAndBoundEngine(new WithoutDuals(), search).Certify(new CertificationRequest(TestNetworks.OppositeHinges(), Unit, Slope, Options));

        cert.Status.Should().Be(CertificateStatus.Exact, string.Join(" ", cert.Notes));
        cert.Value.Should().BeApproximately(1, 1e-9);
        cert.Solver.Should().Be("glpk", "the result names the back end that solved the LPs");
        cert.Notes.Should().Contain(n => n.Contains("region LPs go to glpk", StringComparison.Ordinal));
    }

    [Fact]
    public void MipPath_BackEndWithoutDuals_StillExcludesTheMeasureZeroPattern()
    {
        // The MIP finds 5 at the origin with all three neurons "active"; only the region LP's
        // duals prove that pattern has no interior (docs/certify.md), for the run to end exact at 4.
        var square = new Box(new[] { -1.0, -1 }, new[] { 1.0, 1 });
        var reference = LipschitzReference.Scalar(RegionOracle.RegionJacobians(TestNetworks.DyadicTripod(), square), new[] { 1.0 }, Norm.Linf);
        reference.Should().Be(4);
        var unrouted = new Certifier(new WithoutDuals(), Options).Run(TestNetworks.DyadicTripod(), square, Slope, null, CancellationToken.None);
        unrouted.Status.Should().Be(CertificateStatus.Bounds, "without duals the exclusion is unproven");
        unrouted.Upper.Should().BeGreaterThanOrEqualTo(5);

        var cert = new MipEngine(new WithoutDuals()).Certify(new CertificationRequest(TestNetworks.DyadicTripod(), square, Slope, Options));

        cert.Status.Should().Be(CertificateStatus.Exact, string.Join(" ", cert.Notes));
        cert.Value.Should().BeApproximately(reference, 1e-9);
        cert.Value.Should().BeLessThanOrEqualTo(reference);
        cert.Notes.Should().Contain(n => n.Contains("region LPs go to glpk", StringComparison.Ordinal));
    }
}

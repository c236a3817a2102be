using ExactLip.BranchAndBound;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Engines;
using ExactLip.Mip.Solving;
using ExactLip.Network;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Engines;

/// <summary>
/// What the two engines of a portfolio share: the best proven witness, each engine's global upper
/// bound kept apart by source, the closure once they meet, and the rule that a MIP solver's bound
/// below a proven witness is wrong and never used.
/// </summary>
public sealed class BoundExchangeTests
{
    private static Witness At(double value) => new([0.5], [1.0], value, WitnessSource.Region);

    [Fact]
    public void A_solver_bound_below_a_proven_witness_is_dropped_whichever_comes_first()
    {
        var before = new BoundExchange(1e-6);
        before.OfferUpper(CertificationMethod.Mip, 1.0, proven: false);
        before.OfferWitness(CertificationMethod.Bab, At(1.5));

        var after = new BoundExchange(1e-6);
        after.OfferWitness(CertificationMethod.Bab, At(1.5));
        after.OfferUpper(CertificationMethod.Mip, 1.0, proven: false);

        foreach (var exchange in new[] { before, after })
        {
            exchange.SolverUpperRefuted.Should().BeTrue();
            exchange.SolverUpper.Should().Be(double.PositiveInfinity);
            exchange.ClosedBy.Should().BeNull("a refuted bound closes nothing");
            exchange.Closed.IsCancellationRequested.Should().BeFalse();
        }
    }

    [Fact]
    public void The_bounds_meeting_close_the_exchange_and_name_the_engine_that_made_them_meet()
    {
        var exchange = new BoundExchange(1e-6);
        exchange.OfferWitness(CertificationMethod.Bab, At(2.0));
        exchange.OfferUpper(CertificationMethod.Mip, 2.5, proven: false);
        exchange.ClosedBy.Should().BeNull();

        exchange.OfferUpper(CertificationMethod.Mip, 2.000001, proven: false);
        exchange.Settle();

        exchange.ClosedBy.Should().Be(CertificationMethod.Mip);
        exchange.Closed.IsCancellationRequested.Should().BeTrue();
        exchange.ProvenUpper.Should().Be(double.PositiveInfinity, "a solver's bound is not a proven one");
    }

    [Fact]
    public void A_lying_mip_bound_below_the_truth_is_not_used_and_the_result_stays_proven()
    {
        var network = RandomNetworks.Mlp(new Random(4242), 3, [6, 5], 2);
        var box = new Box([-0.5, -0.5, -0.5], [0.5, 0.5, 0.5]);
        var quantity = LipschitzQuantity.Scalar(Norm.Linf, [1.0, -1.0]);
        var bab = new BranchAndBoundEngine(TestSolvers.Get("glpk"), BranchAndBoundOptions.Default with { Workers = 1 });
        var truth = bab.Certify(new CertificationRequest(network, box, quantity, new CertifyOptions()));
        truth.Status.Should().Be(CertificateStatus.Exact);

        var liar = new LyingMip(0.9 * truth.Lower);
        var result = new PortfolioEngine(new StartsAfter(bab, liar.Recorded), liar, 1, policy: RaceAllocationPolicy.Default with { FewInputsWait = TimeSpan.Zero, RootWait = TimeSpan.Zero }).Certify(new CertificationRequest(network, box, quantity, new CertifyOptions()));

        result.Upper.Should().BeGreaterThanOrEqualTo(truth.Lower, "the solver's bound lies below a proven point");
        result.Status.Should().Be(CertificateStatus.Exact);
        result.Lower.Should().BeApproximately(truth.Lower, 2e-6 * truth.Lower);
        result.UpperSource.Should().Be(UpperBoundSource.Proven);
        result.ClosedByEngine.Should().Be(CertificationMethod.Bab);
        result.Notes.Should().Contain(n => n.Contains("was not used", StringComparison.Ordinal));
    }

    /// <summary>A MIP path whose solver reports a dual bound below the truth, and no point.</summary>
    private sealed class LyingMip : ICertificationEngine
    {
        private readonly double _bound;

        public LyingMip(double bound) => _bound = bound;

        /// <summary>Set once its bound is reported (branch and bound waits for it: it might settle the small case first).</summary>
        public ManualResetEventSlim Recorded { get; } = new(false);

        public CertificationMethod Method => CertificationMethod.Mip;

        public EngineCapabilities Capabilities => EngineCapabilities.MipPath;

        public IMipSolver Backend => TestSolvers.Get("glpk");

        public Certificate Certify(CertificationRequest request)
        {
            var ledger = new RunLedger(request.Options.TimeLimit, request.Options.Link);
            ledger.Record(_bound);
            Recorded.Set();
            var certificate = ledger.Certificate(request.Quantity, StopReason.Optimal, _bound, request.Options, Backend, "crown", 0, 0, 0, 10 * _bound, [], new Dictionary<string, int>());
            return certificate with { Engine = Method, UpperSource = UpperBoundSource.MipSolver };
        }
    }
}

using ExactLip.Bounds;
using ExactLip.BranchAndBound;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Mip;
using ExactLip.Mip.Solving;
using ExactLip.Network;
using ExactLip.Tests.Bounds;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.BranchAndBound;

/// <summary>
/// A back end that answers every region LP with "optimal, margin −1" and random duals, as a
/// presolver that wrongly finds a region empty would: branch and bound must keep every such
/// sub-domain, so its bounds still contain the region oracle's value.
/// </summary>
public class LyingLpSolverTests
{
    private sealed class LyingSolver : IMipSolver
    {
        private int _calls;

        public string Name => "liar";

        public string Version => "1";

        public bool UsesStart => false;

        public bool ReportsRowDuals => true;

        public int Calls => _calls;

        public SolveOutcome Solve(MipModel model, SolveOptions options, IProgress<SolveProgress>? progress, CancellationToken cancellationToken)
        {
            var call = Interlocked.Increment(ref _calls);
            var rng = new Random(call);
            var x = new double[model.Variables.Count];
            var margin = model.Variables.Select((v, j) => (v.Name, j)).Single(p => p.Name == "margin").j;
            x[margin] = -1;
            var duals = model.Rows.Select(_ => (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-3, 4))).ToArray();
            return new SolveOutcome(SolveStatus.Optimal, -1, -1, x, 0, 0, Array.Empty<SolveProgress>()) { RowDuals = duals };
        }
    }

    [Fact]
    public void Certify_LyingSolver_OppositeHinges_KeepsTheRealPattern()
    {
        // Trusting the lie would drop the "one hinge active" patterns, where the slope is 1, and
        // leave only "both inactive" (slope 0): an upper bound of 0 against the true constant 1.
        var liar = new LyingSolver();
        var cert = new BranchAndBoundCertifier(liar, new CertifyOptions(Samples: 0, LocalSteps: 0), new BranchAndBoundOptions(Workers: 1, InputSplitDimension: 0))
            .Run(TestNetworks.OppositeHinges(), new Box(new[] { -1.0 }, new[] { 1.0 }), LipschitzQuantity.Scalar(Norm.Linf, new[] { 1.0 }), null, CancellationToken.None);

        liar.Calls.Should().BeGreaterThan(0);
        cert.Upper.Should().BeGreaterThanOrEqualTo(1 - 1e-12);
        cert.Lower.Should().BeLessThanOrEqualTo(1 + 1e-12);

        // The half the liar was asked about (x > 0.5, slope 1) cannot be decided: its bound stays,
        // the stop names the back end and the note says why ...
        cert.Stop.Should().Be(StopReason.SolverFailed);
        cert.Notes.Should().Contain(n => n.Contains("not confirmed", StringComparison.Ordinal));

        // ... and that bound meets the lower bound proven in the other slope-1 half (x < −0.5),
        // whose point comes from the LP vertex of its parent's split, not from the liar.
        cert.Status.Should().Be(CertificateStatus.Exact);
        cert.Value.Should().BeApproximately(1, 1e-9);
    }

    [Fact]
    public void Certify_LyingSolver_RandomNetworks_BoundsContainTheOracleValue()
    {
        var rng = new Random(21);
        for (var trial = 0; trial < 12; trial++)
        {
            var net = RandomNetworks.Mlp(rng, 2, trial % 2 == 0 ? new[] { 5 } : new[] { 4, 3 }, 2);
            var box = BoundPropagationTests.RandomBox(rng, 2, 0.3 + rng.NextDouble());
            var c = new[] { 1.0, -0.5 };
            var reference = LipschitzReference.Scalar(RegionOracle.RegionJacobians(net, box), c, Norm.L1);
            var liar = new LyingSolver();
            var options = new CertifyOptions(Bounds: trial % 2 == 0 ? BoundsMethod.Crown : BoundsMethod.Interval, Samples: 8, LocalSteps: 4, Seed: trial);
            var cert = new BranchAndBoundCertifier(liar, options, new BranchAndBoundOptions(Workers: 1 + (trial % 2), InputSplitDimension: trial % 3 == 0 ? 2 : 0))
                .Run(net, box, LipschitzQuantity.Scalar(Norm.L1, c), null, CancellationToken.None);

            cert.Lower.Should().BeLessThanOrEqualTo((reference * (1 + 1e-9)) + 1e-12, $"trial {trial}");
            cert.Upper.Should().BeGreaterThanOrEqualTo((reference * (1 - 1e-9)) - 1e-12, $"trial {trial}: notes {string.Join(" ", cert.Notes)}");
            if (cert.Status == CertificateStatus.Exact)
            {
                cert.Value!.Value.Should().BeApproximately(reference, 1e-6 * Math.Max(1, reference), $"trial {trial}");
            }
        }
    }
}

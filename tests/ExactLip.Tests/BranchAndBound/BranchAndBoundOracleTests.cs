using ExactLip.Bounds;
using ExactLip.BranchAndBound;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Network;
using ExactLip.Tests.Bounds;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.BranchAndBound;

/// <summary>
/// The branch-and-bound engine on random tiny networks and boxes, for every quantity it
/// measures, against the region-enumeration oracle (an independent exact reference).
/// </summary>
public class BranchAndBoundOracleTests
{
    private const int Networks = 30;

    public static TheoryData<string> QuantityNames => new()
    {
        "scalar-linf", "scalar-l1", "scalar-l2", "linf-linf", "l1-l1", "l2-l2", "linf-l1", "l1-linf", "l2-linf", "l1-l2", "l2-l1",
    };

    [Theory]
    [MemberData(nameof(QuantityNames))]
    public void Certify_EqualsRegionEnumeration_OnRandomTinyNetworks(string quantityName)
    {
        var solver = TestSolvers.Get("glpk");
        var seed = 2000 + (StableSeed.Of(quantityName) % 1000);
        var rng = new Random(seed);
        for (var trial = 0; trial < Networks; trial++)
        {
            var inputs = 2 + (trial % 2);
            var hidden = trial % 3 == 0 ? new[] { 5 } : new[] { 4, 3 };
            var outputs = 2 + (trial % 2);
            var net = RandomNetworks.Mlp(rng, inputs, hidden, outputs);
            var box = BoundPropagationTests.RandomBox(rng, inputs, 0.2 + rng.NextDouble());
            var c = outputs == 2 ? new[] { 1.0, -0.5 } : new[] { 1.0, -0.5, 0.25 };
            var regions = RegionOracle.RegionJacobians(net, box);
            var (quantity, reference) = Quantity(quantityName, c, regions);
            var options = new CertifyOptions(Bounds: trial % 2 == 0 ? BoundsMethod.Crown : BoundsMethod.Interval, Samples: 8, LocalSteps: 8, Seed: trial);
            var search = new BranchAndBoundOptions(Workers: 1 + (trial % 2), Branching: (BranchingRule)(trial % 5), InputSplitDimension: trial % 3 == 1 ? 0 : 2)
            {
                // The derivative-vertex bound is off by default on so few inputs: half the trials run it.
                VertexBudget = trial % 2 == 0 ? DerivativeVertexBound.DefaultBudget : null,
            };
            var cert = new BranchAndBoundCertifier(solver, options, search).Run(net, box, quantity, null, CancellationToken.None);

            var because = $"seed {seed}, trial {trial}, {quantityName}";
            OracleAgreement.ShouldAgree(cert, reference, options.Tolerance, because);
            cert.Method.Should().Be("bab");
            box.Contains(cert.Witness.X).Should().BeTrue(because);
        }
    }

    [Fact]
    public void Certify_WorstPatternInfeasibleInTheBox_IsStillExact()
    {
        // Both neurons of relu(x − ½) − relu(−x − ½) are undecided over [−1, 1], and together
        // they would give slope 2; no x activates both, so the constant is 1.
        var net = TestNetworks.OppositeHinges();
        var box = new Box(new[] { -1.0 }, new[] { 1.0 });
        var bounds = BoundPropagation.Compute(net, box, Box.Point(new[] { 1.0 }), BoundsMethod.Crown);
        bounds.GradientNormUpperBound(Norm.L1).Should().BeApproximately(2, 1e-6, "the bounds alone cannot exclude the infeasible pattern");

        foreach (var (workers, multipliers) in new[] { (1, false), (2, false), (1, true), (2, true) })
        {
            var search = new BranchAndBoundOptions(Workers: workers, InputSplitDimension: 0) { SplitMultipliers = multipliers };
            var cert = new BranchAndBoundCertifier(TestSolvers.Get("glpk"), new CertifyOptions(Samples: 0, LocalSteps: 0), search)
                .Run(net, box, LipschitzQuantity.Scalar(Norm.Linf, new[] { 1.0 }), null, CancellationToken.None);

            cert.Status.Should().Be(CertificateStatus.Exact);
            cert.Value.Should().BeApproximately(1, 1e-9);
            if (!multipliers)
            {
                // The region LP drops the pattern; with the split's multipliers, the other
                // neuron's bounds already decide it once the first is split (no empty half).
                cert.Subproblems.Single().ExcludedPatterns.Should().BeGreaterThan(0);
            }
        }
    }

    [Theory]
    [MemberData(nameof(TestSolvers.CbcAndGlpk), MemberType = typeof(TestSolvers))]
    public void Certify_OddIdentityNetwork_DropsTheMeasureZeroPattern(string lpSolver)
    {
        // relu(x) − relu(−x) on [−1, 1]: "both active" holds only at x = 0, with slope 2; the
        // constant is 1.
        var cert = new BranchAndBoundCertifier(TestSolvers.Get(lpSolver), new CertifyOptions(Bounds: BoundsMethod.Interval, Samples: 0, LocalSteps: 0), new BranchAndBoundOptions(InputSplitDimension: 0, SerialLp: lpSolver != "glpk"))
            .Run(TestNetworks.OddIdentity(), new Box(new[] { -1.0 }, new[] { 1.0 }), LipschitzQuantity.Scalar(Norm.Linf, new[] { 1.0 }), null, CancellationToken.None);

        cert.Status.Should().Be(CertificateStatus.Exact);
        cert.Value.Should().BeApproximately(1, 1e-9);
    }

    [Fact]
    public void Certify_Cancelled_ReportsCertifiedBounds()
    {
        var rng = new Random(5);
        var net = RandomNetworks.Mlp(rng, 3, new[] { 6, 5 }, 2);
        var box = BoundPropagationTests.RandomBox(rng, 3, 1);
        var regions = RegionOracle.RegionJacobians(net, box);
        var reference = LipschitzReference.Scalar(regions, new[] { 1.0, -1.0 }, Norm.Linf);
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        var cert = new BranchAndBoundCertifier(TestSolvers.Get("glpk"), new CertifyOptions(Samples: 4, LocalSteps: 0))
            .Run(net, box, LipschitzQuantity.Scalar(Norm.Linf, new[] { 1.0, -1.0 }), null, cancel.Token);

        cert.Stop.Should().Be(StopReason.Interrupted);
        cert.Lower.Should().BeLessThanOrEqualTo(reference * (1 + 1e-9));
        cert.Upper.Should().BeGreaterThanOrEqualTo(reference * (1 - 1e-9));
    }

    private static (LipschitzQuantity Quantity, double Reference) Quantity(string name, double[] c, List<double[][]> regions)
    {
        if (name.StartsWith("scalar-", StringComparison.Ordinal))
        {
            var norm = Norms.Parse(name["scalar-".Length..], "test");
            return (LipschitzQuantity.Scalar(norm, c), LipschitzReference.Scalar(regions, c, norm));
        }

        var parts = name.Split('-');
        var (p, r) = (Norms.Parse(parts[0], "test"), Norms.Parse(parts[1], "test"));
        return (LipschitzQuantity.Operator(p, r), LipschitzReference.Operator(regions, p, r));
    }
}

using ExactLip.Bounds;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Network;
using ExactLip.Tests.Bounds;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Certify;

/// <summary>
/// Every quantity the MIP path supports, on random tiny networks and boxes, against the
/// region-enumeration oracle (an independent exact reference).
/// </summary>
public class CertifierOracleTests
{
    private const int Networks = 30;

    private static readonly string[] QuantityNames = { "scalar-linf", "scalar-l1", "linf-linf", "l1-l1", "linf-l1", "l1-linf" };

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var solver in new[] { "cbc", "glpk" })
        {
            foreach (var quantity in QuantityNames)
            {
                data.Add(solver, quantity);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Certify_EqualsRegionEnumeration_OnRandomTinyNetworks(string solverName, string quantityName)
    {
        var solver = TestSolvers.Get(solverName);
        var seed = 1000 + Array.IndexOf(QuantityNames, quantityName);
        var rng = new Random(seed);
        for (var trial = 0; trial < Networks; trial++)
        {
            var inputs = 2 + (trial % 2);
            var hidden = trial % 3 == 0 ? new[] { 5 } : new[] { 4, 3 };
            var net = RandomNetworks.Mlp(rng, inputs, hidden, 2);
            var box = BoundPropagationTests.RandomBox(rng, inputs, 0.2 + rng.NextDouble());
            var c = new[] { 1.0, -0.5 };
            var (quantity, reference) = Quantity(quantityName, c, RegionOracle.RegionJacobians(net, box));
            var method = trial % 5 == 4 ? BoundsMethod.Lp : trial % 2 == 0 ? BoundsMethod.Crown : BoundsMethod.Interval;
            var options = new CertifyOptions(Bounds: method, Samples: 16, LocalSteps: 16, Seed: trial);
            var cert = new Certifier(solver, options).Run(net, box, quantity, null, CancellationToken.None);

            var because = $"seed {seed}, trial {trial}, {solverName} {quantityName}";
            OracleAgreement.ShouldAgree(cert, reference, options.Tolerance, because);
            box.Contains(cert.Witness.X).Should().BeTrue(because);
        }
    }

    [Theory]
    [MemberData(nameof(TestSolvers.CbcAndGlpk), MemberType = typeof(TestSolvers))]
    public void Certify_OddIdentityNetwork_ExcludesTheMeasureZeroPattern(string solverName)
    {
        // f(x) = relu(x) − relu(−x) on [−1, 1]: the MIP alone finds 2 at x = 0 (both neurons
        // "active" there); the true constant is 1 (docs/certify.md).
        var net = TestNetworks.OddIdentity();
        var box = new Box(new[] { -1.0 }, new[] { 1.0 });
        var cert = new Certifier(TestSolvers.Get(solverName), new CertifyOptions(Bounds: BoundsMethod.Interval) { LinkCoincidentNeurons = false })
            .Run(net, box, LipschitzQuantity.Scalar(Norm.Linf, new[] { 1.0 }), null, CancellationToken.None);

        cert.Status.Should().Be(CertificateStatus.Exact);
        cert.Value.Should().BeApproximately(1, 1e-9);
        cert.Subproblems.Single().ExcludedPatterns.Should().BeGreaterThan(0);
    }

    private static (LipschitzQuantity Quantity, double Reference) Quantity(string name, double[] c, List<double[][]> regions) => name switch
    {
        "scalar-linf" => (LipschitzQuantity.Scalar(Norm.Linf, c), LipschitzReference.Scalar(regions, c, Norm.Linf)),
        "scalar-l1" => (LipschitzQuantity.Scalar(Norm.L1, c), LipschitzReference.Scalar(regions, c, Norm.L1)),
        "linf-linf" => (LipschitzQuantity.Operator(Norm.Linf, Norm.Linf), LipschitzReference.Operator(regions, Norm.Linf, Norm.Linf)),
        "l1-l1" => (LipschitzQuantity.Operator(Norm.L1, Norm.L1), LipschitzReference.Operator(regions, Norm.L1, Norm.L1)),
        "linf-l1" => (LipschitzQuantity.Operator(Norm.Linf, Norm.L1), LipschitzReference.Operator(regions, Norm.Linf, Norm.L1)),
        _ => (LipschitzQuantity.Operator(Norm.L1, Norm.Linf), LipschitzReference.Operator(regions, Norm.L1, Norm.Linf)),
    };
}

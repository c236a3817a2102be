using ExactLip.Bounds;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Import;
using ExactLip.Network;
using ExactLip.Tests.Bounds;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Solvers;

/// <summary>
/// The Lipschitz quantities of the certify tests, computed with every back end: each must be
/// exact, equal the region-enumeration oracle and agree with GLPK's value (a second back end)
/// within 1e-6. Run once per back end; a missing library is a visible skip.
/// </summary>
public class CertifyAgreementTests
{
    private static readonly string[] QuantityNames = { "scalar-linf", "scalar-l1", "linf-linf", "l1-l1" };

    [Theory]
    [MemberData(nameof(SolverBackends.Names), MemberType = typeof(SolverBackends))]
    public void Certify_RandomTinyNetworks_EqualsOracleAndGlpk(string backend)
    {
        var solver = TestSolvers.Get(backend);
        var glpk = TestSolvers.Get("glpk");
        var rng = new Random(77);
        for (var trial = 0; trial < 8; trial++)
        {
            var inputs = 2 + (trial % 2);
            var net = RandomNetworks.Mlp(rng, inputs, trial % 2 == 0 ? new[] { 5 } : new[] { 4, 3 }, 2);
            var box = BoundPropagationTests.RandomBox(rng, inputs, 0.3 + rng.NextDouble());
            var regions = RegionOracle.RegionJacobians(net, box);
            var name = QuantityNames[trial % QuantityNames.Length];
            var (quantity, reference) = Quantity(name, new[] { 1.0, -0.5 }, regions);
            var options = new CertifyOptions(Bounds: trial % 3 == 2 ? BoundsMethod.Interval : BoundsMethod.Crown, Samples: 16, LocalSteps: 16, Seed: trial);

            var mine = new Certifier(solver, options).Run(net, box, quantity, null, TestContext.Current.CancellationToken);
            var theirs = new Certifier(glpk, options).Run(net, box, quantity, null, TestContext.Current.CancellationToken);

            mine.Status.Should().Be(CertificateStatus.Exact, $"trial {trial} ({name}): [{mine.Lower}, {mine.Upper}], {string.Join(" ", mine.Notes)}");
            mine.Solver.Should().Be(backend);
            mine.Value!.Value.Should().BeApproximately(reference, 1e-6 * Math.Max(1, reference), $"trial {trial} ({name}) against the oracle");
            mine.Value.Value.Should().BeApproximately(theirs.Value!.Value, 1e-6 * Math.Max(1, reference), $"trial {trial} ({name}) against GLPK");
        }
    }

    [Theory]
    [MemberData(nameof(SolverBackends.Names), MemberType = typeof(SolverBackends))]
    public void Certify_Cartpole_AgreesWithGlpk(string backend)
    {
        var solver = TestSolvers.Get(backend);
        var network = ModelLoader.Load(Path.Combine(AppContext.BaseDirectory, "fixtures", "models", "cartpole", "cartpole.onnx"));
        var box = Box.Ball(new[] { -0.248, -0.05, -0.074, -0.386 }, 0.1);
        var quantity = LipschitzQuantity.Scalar(Norm.Linf, new[] { 1.0, -1 });

        var mine = new Certifier(solver, new CertifyOptions()).Run(network, box, quantity, null, TestContext.Current.CancellationToken);
        var glpk = new Certifier(TestSolvers.Get("glpk"), new CertifyOptions(Seed: 7)).Run(network, box, quantity, null, TestContext.Current.CancellationToken);

        mine.Status.Should().Be(CertificateStatus.Exact);
        mine.Value!.Value.Should().BeApproximately(glpk.Value!.Value, 1e-6 * glpk.Value.Value);
    }

    private static (LipschitzQuantity Quantity, double Reference) Quantity(string name, double[] c, List<double[][]> regions) => name switch
    {
        "scalar-linf" => (LipschitzQuantity.Scalar(Norm.Linf, c), LipschitzReference.Scalar(regions, c, Norm.Linf)),
        "scalar-l1" => (LipschitzQuantity.Scalar(Norm.L1, c), LipschitzReference.Scalar(regions, c, Norm.L1)),
        "linf-linf" => (LipschitzQuantity.Operator(Norm.Linf, Norm.Linf), LipschitzReference.Operator(regions, Norm.Linf, Norm.Linf)),
        _ => (LipschitzQuantity.Operator(Norm.L1, Norm.L1), LipschitzReference.Operator(regions, Norm.L1, Norm.L1)),
    };
}

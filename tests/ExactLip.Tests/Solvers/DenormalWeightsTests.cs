using ExactLip.Bounds;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Encoding;
using ExactLip.Mip.Solving;
using ExactLip.Network;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Solvers;

/// <summary>
/// A network trained with weight decay keeps weights of 1e-24 to 1e-42 (float32 denormals)
/// beside weights of order one. GLPK's LP presolver once stopped 2.5% below the optimum of such
/// a LipMIP relaxation and called it optimal; an LP bound below a real point's value would make
/// LP bound tightening and LipLP unsound.
/// </summary>
public sealed class DenormalWeightsTests
{
    private static readonly Box Box = new(new[] { 0.39582961797714233, 0.7436177730560303 }, new[] { 0.8958296179771423, 1.2436177730560303 });
    private static readonly double[] C = { -1, 0, 1 };

    [Theory]
    [InlineData("cbc")]
    [InlineData("glpk")]
    [InlineData("highs")]
    [InlineData("scip")]
    public void LpRelaxation_IsNeverBelowTheGradientNormAtAPointOfTheBox(string backend)
    {
        var solver = TestSolvers.Get(backend);
        var net = ExactLip.Import.ModelLoader.Load(Import.Fixtures.Path("benchmarks/tightness/models/clusters_w16_d2_l2.onnx"));
        var corner = new[] { Box.Hi(0), Box.Lo(1) };
        var attained = Norm.L1.Of(net.Gradient(corner, C));
        var bounds = BoundPropagation.Compute(net, Box, new Box(C, C), BoundsMethod.Crown);
        var relaxed = LipMipEncoder.Encode(bounds, OutputWeights.Vector(C), Norm.Linf).Model.Relaxed();

        var outcome = solver.Solve(relaxed, new SolveOptions(TimeSpan.FromSeconds(30), 1e-9, 1), null, TestContext.Current.CancellationToken);

        outcome.Status.Should().Be(SolveStatus.Optimal);
        outcome.Primal!.Value.Should().BeGreaterThanOrEqualTo(attained * (1 - 1e-8));
    }

    [Theory]
    [InlineData("cbc")]
    [InlineData("glpk")]
    public void CertifyWithLpBounds_AgreesWithThePointValue(string backend)
    {
        var net = ExactLip.Import.ModelLoader.Load(Import.Fixtures.Path("benchmarks/tightness/models/clusters_w16_d2_l2.onnx"));
        var attained = Norm.L1.Of(net.Gradient(new[] { Box.Hi(0), Box.Lo(1) }, C));
        var certifier = new Certifier(TestSolvers.Get(backend), new CertifyOptions(Bounds: BoundsMethod.Lp)) { LpSolver = TestSolvers.Get(backend) };

        var certificate = certifier.Run(net, Box, LipschitzQuantity.Scalar(Norm.Linf, C), null, TestContext.Current.CancellationToken);

        certificate.Upper.Should().BeGreaterThanOrEqualTo(attained * (1 - 1e-9));
        certificate.Value.Should().NotBeNull(certificate.Stop.ToString());
    }
}

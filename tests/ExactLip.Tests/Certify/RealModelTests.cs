using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Import;
using ExactLip.Network;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Certify;

/// <summary>
/// The shipped CartPole controller (VNN-COMP 2022, trained by others): the exact constant from
/// CBC must equal GLPK's (a second, independent back end), no sampled gradient may exceed it,
/// and it must lie under the bound-propagation bound.
/// </summary>
public class RealModelTests
{
    private static readonly double[] Center = { -0.248, -0.05, -0.074, -0.386 };

    public static TheoryData<string> Quantities => new() { "margin", "operator" };

    [Theory]
    [MemberData(nameof(Quantities))]
    public void Cartpole_CbcAndGlpkAgree_AndSamplingStaysBelow(string which)
    {
        var network = ModelLoader.Load(Path.Combine(AppContext.BaseDirectory, "fixtures", "models", "cartpole", "cartpole.onnx"));
        var box = Box.Ball(Center, 0.1);
        var quantity = which == "margin"
            ? LipschitzQuantity.Scalar(Norm.Linf, new[] { 1.0, -1 })
            : LipschitzQuantity.Operator(Norm.Linf, Norm.Linf);

        var cbc = new Certifier(TestSolvers.Get("cbc"), new CertifyOptions()).Run(network, box, quantity, null, CancellationToken.None);
        var glpk = new Certifier(TestSolvers.Get("glpk"), new CertifyOptions(Seed: 7)).Run(network, box, quantity, null, CancellationToken.None);

        cbc.Status.Should().Be(CertificateStatus.Exact);
        glpk.Status.Should().Be(CertificateStatus.Exact);
        cbc.Value!.Value.Should().BeApproximately(glpk.Value!.Value, 1e-6 * glpk.Value.Value);
        cbc.Value.Value.Should().BeLessThanOrEqualTo(cbc.BoundsUpper);

        var rng = new Random(3);
        for (var s = 0; s < 2000; s++)
        {
            var x = Center.Select(c => c - 0.1 + (0.2 * rng.NextDouble())).ToArray();
            var jacobian = network.Jacobian(x);
            var sampled = which == "margin"
                ? jacobian[0].Zip(jacobian[1], (a, b) => Math.Abs(a - b)).Sum()
                : jacobian.Max(row => row.Sum(Math.Abs));
            sampled.Should().BeLessThanOrEqualTo(cbc.Upper);
        }
    }
}

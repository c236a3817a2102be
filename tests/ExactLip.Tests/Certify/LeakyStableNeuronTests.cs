using ExactLip.Bounds;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Network;
using ExactLip.Network.Layers;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Certify;

/// <summary>
/// A stable-off LeakyRelu neuron still passes α·z on: the MIP path's region check must state that
/// output, not 0, or it calls real regions empty and cuts them off.
/// </summary>
public class LeakyStableNeuronTests
{
    /// <summary>
    /// On [0, 1]: z₁ = −x − 1 is always off (output −0.5x − 0.5); z₂ = −out₁ − 0.8 = 0.5x − 0.3
    /// switches at x = 0.6 and z₃ = −out₁ − 0.85 = 0.5x − 0.35 at x = 0.7; y = 10·leaky(z₂) −
    /// 10·leaky(z₃). The slope is 5 − 2.5 = 2.5 between the two kinks and 0 elsewhere, so the MIP's
    /// optimum is a kink and the region LP must prove the wedge. Were out₁ taken as 0, z₂ = −0.8
    /// could never be on and the wedge would be cut off.
    /// </summary>
    private static NeuralNetwork Net() => new("leaky-stable", new Layer[]
    {
        AffineLayer.Dense(1, 1, new[] { -1.0 }, new[] { -1.0 }),
        new ReluLayer(Shape.Vector(1), 0.5),
        AffineLayer.Dense(1, 2, new[] { -1.0, -1.0 }, new[] { -0.8, -0.85 }),
        new ReluLayer(Shape.Vector(2), 0.5),
        AffineLayer.Dense(2, 1, new[] { 10.0, -10.0 }, new[] { 0.0 }),
    });

    private static readonly Box Unit = new(new[] { 0.0 }, new[] { 1.0 });

    [Theory]
    [MemberData(nameof(TestSolvers.CbcAndGlpk), MemberType = typeof(TestSolvers))]
    public void Mip_StableOffLeakyNeuron_KeepsTheRegionItFeeds(string solverName)
    {
        var quantity = LipschitzQuantity.Scalar(Norm.Linf, new[] { 1.0 });
        var reference = LipschitzReference.Scalar(RegionOracle.RegionJacobians(Net(), Unit), new[] { 1.0 }, Norm.Linf);
        reference.Should().BeApproximately(2.5, 1e-12, "the hand-derived slope between the kinks");

        // No sampling: the start is the centre, x = 0.5, of slope 0; only the MIP's pattern with
        // z₂ on and z₃ off, proven by the region check, reaches 2.5.
        var options = new CertifyOptions(Bounds: BoundsMethod.Interval, Samples: 0, LocalSteps: 0);
        var cert = new Certifier(TestSolvers.Get(solverName), options).Run(Net(), Unit, quantity, null, CancellationToken.None);
        cert.Status.Should().Be(CertificateStatus.Exact, string.Join(" ", cert.Notes));
        cert.Lower.Should().BeApproximately(reference, 1e-12);
        cert.Upper.Should().BeGreaterThanOrEqualTo(cert.Lower);
    }
}

using ExactLip.Bounds;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Encoding;
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

    /// <summary>
    /// On [0, 1]: z₁ = −x is stable off (its upper bound is 0, reached at x = 0, its kink), so its
    /// output is α·z₁ = −0.5x; z₂ = −out₁ − 0.3 = 0.5x − 0.3 switches on at x = 0.6. Were out₁
    /// taken as 0, z₂ = −0.3 would never be on, and the pattern with z₂ on would be called empty.
    /// </summary>
    private static NeuralNetwork KinkNet() => new("leaky-stable-kink", new Layer[]
    {
        AffineLayer.Dense(1, 1, new[] { -1.0 }, new[] { 0.0 }),
        new ReluLayer(Shape.Vector(1), 0.5),
        AffineLayer.Dense(1, 1, new[] { -1.0 }, new[] { -0.3 }),
        new ReluLayer(Shape.Vector(1), 0.5),
        AffineLayer.Dense(1, 1, new[] { 10.0 }, new[] { 0.0 }),
    });

    /// <summary>
    /// The region check asked directly about the solver's kind of answer: a point on the stable-off
    /// neuron's kink (x = 0, z₁ = 0) with z₂ switched on. The region (0.6, 1] is real, so the check
    /// must find a point in it, and the pattern with z₂ off must keep [0, 0.6).
    /// </summary>
    [Theory]
    [MemberData(nameof(TestSolvers.CbcAndGlpk), MemberType = typeof(TestSolvers))]
    public void RegionCheck_AtTheKinkOfAStableOffLeakyNeuron_StatesItsOutputAsAlphaZ(string solverName)
    {
        var net = KinkNet();
        var bounds = BoundPropagation.Compute(net, Unit, Box.Point(new[] { 1.0 }), BoundsMethod.Interval);
        var mip = LipMipEncoder.Encode(bounds, OutputWeights.Vector(new[] { 1.0 }), Norm.Linf);
        bounds.Activations[1].Hi(0).Should().Be(0, "z₁'s upper bound is its kink");
        mip.Layers[1].Binary(0).Should().BeNull("z₁ is stable off");
        var z2 = mip.Layers[3].Binary(0);
        z2.Should().NotBeNull("z₂ is unstable");

        foreach (var on in new[] { true, false })
        {
            var solution = mip.StartFrom(new[] { 0.0 }, new[] { 1.0 });
            solution[z2!.Value.Index] = on ? 1 : 0;

            var answer = RegionCheck.Decide(mip, solution, TestSolvers.Get(solverName), null, CancellationToken.None);

            answer.Verdict.Should().Be(RegionVerdict.Interior, $"z₂ {(on ? "on" : "off")}: {answer.Undecided}");
            var x = answer.Point![0];
            Unit.Contains(answer.Point!).Should().BeTrue();
            ((0.5 * x) - 0.3).Should().Match(z => on ? z > 0 : z < 0, $"x = {x} must lie where z₂ is {(on ? "on" : "off")}");
        }
    }
}

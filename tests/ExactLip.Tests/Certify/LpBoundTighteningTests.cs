using ExactLip.Bounds;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Encoding;
using ExactLip.Tests.Bounds;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Certify;

public class LpBoundTighteningTests
{
    [Theory]
    [MemberData(nameof(TestSolvers.CbcAndGlpk), MemberType = typeof(TestSolvers))]
    public void Tighten_IsSound_AndNeverLooserThanCrown(string solver)
    {
        var rng = new Random(31);
        var lp = new LpBoundTightening(TestSolvers.Get(solver), () => null, CancellationToken.None);
        for (var trial = 0; trial < 5; trial++)
        {
            var net = RandomNetworks.Mlp(rng, 3, new[] { 8, 8 }, 2);
            var box = BoundPropagationTests.RandomBox(rng, 3, 0.5);
            var weights = OutputWeights.Vector(new[] { 1.0, -1 });
            var crown = BoundPropagation.Compute(net, box, weights.Bounds(), BoundsMethod.Crown);
            var acts = lp.TightenForward(crown, weights, Norm.Linf);
            var forward = new NetworkBounds(net, BoundsMethod.Lp, acts, BoundPropagation.Backward(net, acts, weights.Bounds()));
            var tight = lp.TightenBackward(forward, weights, Norm.Linf);

            for (var k = 0; k < acts.Length; k++)
            {
                for (var i = 0; i < acts[k].Dimension; i++)
                {
                    tight.Activations[k].Lo(i).Should().BeGreaterThanOrEqualTo(crown.Activations[k].Lo(i));
                    tight.Activations[k].Hi(i).Should().BeLessThanOrEqualTo(crown.Activations[k].Hi(i));
                }
            }

            for (var s = 0; s < 300; s++)
            {
                var x = BoundPropagationTests.SamplePoint(rng, box);
                var all = net.ForwardAll(x);
                for (var k = 0; k < all.Length; k++)
                {
                    tight.Activations[k].Contains(all[k]).Should().BeTrue();
                }

                tight.InputGradient.Contains(net.Gradient(x, weights.Fixed!)).Should().BeTrue();
            }

            tight.GradientNormUpperBound(Norm.L1).Should().BeLessThanOrEqualTo(crown.GradientNormUpperBound(Norm.L1) + 1e-9);
        }

        lp.LpCount.Should().BeGreaterThan(0);
    }
}

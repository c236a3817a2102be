using ExactLip.Core;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Oracle;

/// <summary>The oracle itself is checked against hand-derived values and against sampling.</summary>
public class RegionOracleTests
{
    [Fact]
    public void DenseSimplex_SolvesHandDerivedLp()
    {
        // max 3x + 2y  s.t.  x + y ≤ 4, x + 3y ≤ 6, x ≤ 3  →  x = 3, y = 1, value 11.
        var result = DenseSimplex.Maximize(new[] { 3.0, 2 }, new[] { new[] { 1.0, 1 }, new[] { 1.0, 3 }, new[] { 1.0, 0 } }, new[] { 4.0, 6, 3 });
        result.Should().NotBeNull();
        result!.Value.Value.Should().BeApproximately(11, 1e-12);
        result.Value.Y.Should().Equal(new[] { 3.0, 1 }, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void DenseSimplex_DetectsInfeasibility()
    {
        // x ≤ −1 with x ≥ 0.
        DenseSimplex.Maximize(new[] { 1.0 }, new[] { new[] { 1.0 } }, new[] { -1.0 }).Should().BeNull();
    }

    [Fact]
    public void Oracle_AbsoluteValueNetwork_HasTwoRegionsOfSlopeOne()
    {
        // f(x) = relu(x) − relu(−x) = x on [−1, 1]: the true constant is 1 (docs/certify.md).
        var net = TestNetworks.OddIdentity();
        var regions = RegionOracle.RegionJacobians(net, new Box(new[] { -1.0 }, new[] { 1.0 }));
        regions.Should().HaveCount(2);
        LipschitzReference.Scalar(regions, new[] { 1.0 }, Norm.Linf).Should().Be(1);
    }

    [Fact]
    public void Oracle_AgreesWithDenseSampling_OnRandomTwoDimensionalNetworks()
    {
        var rng = new Random(11);
        for (var trial = 0; trial < 10; trial++)
        {
            var net = RandomNetworks.Mlp(rng, 2, new[] { 4, 3 }, 1);
            var box = new Box(new[] { -0.5, -0.5 }, new[] { 0.5, 0.5 });
            var exact = LipschitzReference.Scalar(RegionOracle.RegionJacobians(net, box), new[] { 1.0 }, Norm.Linf);
            double sampled = 0;
            for (var i = 0; i <= 200; i++)
            {
                for (var j = 0; j <= 200; j++)
                {
                    var x = new[] { -0.5 + (i / 200.0), -0.5 + (j / 200.0) };
                    sampled = Math.Max(sampled, Norm.L1.Of(net.Gradient(x, new[] { 1.0 })));
                }
            }

            // Sampling never exceeds the oracle, and a fine grid finds every region of a 2-D net.
            sampled.Should().BeLessThanOrEqualTo(exact + 1e-12);
            sampled.Should().BeApproximately(exact, 1e-9 + (1e-9 * exact));
        }
    }
}

using ExactLip.Network;
using ExactLip.Network.Layers;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Network;

public class NetworkEvaluationTests
{
    [Fact]
    public void Gradient_MatchesCentralFiniteDifferences_AwayFromKinks()
    {
        var rng = new Random(3);
        for (var trial = 0; trial < 20; trial++)
        {
            var net = RandomNetworks.Mlp(rng, 3, new[] { 5, 4 }, 2);
            var x = Enumerable.Range(0, 3).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
            var c = new[] { 1.0, -0.5 };
            var grad = net.Gradient(x, c);
            const double h = 1e-7;
            for (var i = 0; i < x.Length; i++)
            {
                var xp = (double[])x.Clone();
                var xm = (double[])x.Clone();
                xp[i] += h;
                xm[i] -= h;
                var fp = net.Forward(xp);
                var fm = net.Forward(xm);
                var fd = ((c[0] * fp[0]) + (c[1] * fp[1]) - (c[0] * fm[0]) - (c[1] * fm[1])) / (2 * h);
                grad[i].Should().BeApproximately(fd, 1e-5);
            }
        }
    }

    [Fact]
    public void Simplify_FusesLayersThatOnlyMoveValues_AndKeepsRoundedProductsApart()
    {
        var rng = new Random(5);
        var a = AffineLayer.Dense(3, 3, Enumerable.Range(0, 9).Select(_ => rng.NextDouble() - 0.5).ToArray(), new[] { 0.1, 0.2, 0.3 });
        var b = AffineLayer.Dense(3, 4, Enumerable.Range(0, 12).Select(_ => rng.NextDouble() - 0.5).ToArray(), new[] { 1.0, -1, 0, 2 });
        var flatten = new ReshapeLayer(Shape.Vector(3), Shape.Vector(3), "flatten");
        var net = new NeuralNetwork("t", new Layer[] { flatten, a, b, new ReluLayer(Shape.Vector(4)) });
        var simple = net.Simplify();

        // The reshape folds into a (its matrix is copied); a·b would be rounded, so they stay two.
        simple.Layers.Should().HaveCount(3);
        var x = new[] { 0.3, -0.7, 0.2 };
        simple.Forward(x).Should().Equal(net.Forward(x));
    }
}

using ExactLip.Core;
using ExactLip.Network;
using ExactLip.Network.Layers;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Network;

/// <summary>Points proven inside a region, and patterns refuted from the weights, against hand-derived facts.</summary>
public class InteriorPointTests
{
    /// <summary>3·relu(x+1) − 2·relu(x) + 2·relu(−x) = x + 3: slope 1 everywhere, kinks of relu(±x) at 0.</summary>
    private static NeuralNetwork XPlusThree() => new("xplus3", new Layer[]
    {
        AffineLayer.Dense(1, 3, new[] { 1.0, 1, -1 }, new[] { 1.0, 0, 0 }),
        new ReluLayer(Shape.Vector(3)),
        AffineLayer.Dense(3, 1, new[] { 3.0, -2, 2 }, new[] { 0.0 }),
    });

    [Fact]
    public void TryProve_OnAKink_IsRefused_AndOffIt_GivesTheSlope()
    {
        var net = XPlusThree();
        InteriorPoint.TryProve(net, new[] { 0.0 }).Should().BeNull("x = 0 is the kink of relu(x) and relu(−x)");
        net.Gradient(new[] { 0.0 }, new[] { 1.0 })[0].Should().Be(3, "the plain evaluator's ReLU′(0) = 0 gives a slope no region has");

        var point = InteriorPoint.TryProve(net, new[] { 0.25 });
        point.Should().NotBeNull();
        point!.Pattern().Should().Equal("++-");
        point.GradientNormLowerBound(new[] { 1.0 }, Norm.L1).Should().BeInRange(1 - 1e-12, 1);
    }

    [Fact]
    public void TryProve_AZeroNeuron_IsConstant_NotAKink()
    {
        // relu(0·x + 0) is 0 everywhere: its kink at every point changes nothing.
        var net = new NeuralNetwork("zero", new Layer[]
        {
            AffineLayer.Dense(1, 2, new[] { 1.0, 0 }, new[] { 0.0, 0 }),
            new ReluLayer(Shape.Vector(2)),
            AffineLayer.Dense(2, 1, new[] { 2.0, 5 }, new[] { 0.0 }),
        });

        InteriorPoint.TryProve(net, new[] { 0.5 })!.GradientNormLowerBound(new[] { 1.0 }, Norm.L1).Should().BeInRange(2 - 1e-12, 2);
    }

    [Fact]
    public void CoincidentNeurons_RefuteIncompatibleSigns_OfProportionalRows()
    {
        // Rows: x − y, −(x − y), 2(x − y), and a zero row with bias 0.
        var layer = AffineLayer.Dense(2, 4, new[] { 1.0, -1, -1, 1, 2, -2, 0, 0 }, new double[4]);

        CoincidentNeurons.Consistent(layer, new sbyte[] { 1, -1, 1, 0 }).Should().BeTrue();
        CoincidentNeurons.Consistent(layer, new sbyte[] { 1, 1, 0, 0 }).Should().BeFalse("a mirrored pair cannot both be active");
        CoincidentNeurons.Consistent(layer, new sbyte[] { 1, 0, -1, 0 }).Should().BeFalse("a scaled copy has the same sign");
        CoincidentNeurons.Consistent(layer, new sbyte[] { 0, 0, 0, 1 }).Should().BeFalse("a neuron identically 0 has no strict sign");
    }
}

using ExactLip.Core;
using ExactLip.Network.Layers;
using FluentAssertions;
using Xunit;
using static ExactLip.Tests.Import.OnnxBuilder;

namespace ExactLip.Tests.Import;

/// <summary>
/// Graphs that are not chains (a tensor read by two nodes, two activations joined) import as a
/// chain over the live tensors, and evaluate as the graph does: outputs and gradients against
/// values computed here by hand.
/// </summary>
public class GraphImportTests
{
    private static readonly double[] Four = { 1.5, -2, 3.25, -0.5 };

    [Theory]
    [InlineData("Add")]
    [InlineData("Sub")]
    [InlineData("Max")]
    [InlineData("Min")]
    public void TwoActivations_Join_LikeTheGraph(string op)
    {
        // y = op(relu(x), x): the input is read twice, by the Relu and by the join.
        var net = new OnnxBuilder().Input("x", 1, 4).Output("y", 1, 4)
            .Node("Relu", new[] { "x" }, new[] { "r" })
            .Node(op, new[] { "r", "x" }, new[] { "y" }).Load();
        var expected = Four.Select(v => op switch
        {
            "Add" => Math.Max(v, 0) + v,
            "Sub" => Math.Max(v, 0) - v,
            "Max" => Math.Max(Math.Max(v, 0), v),
            _ => Math.Min(Math.Max(v, 0), v),
        });
        net.Forward(Four).Should().Equal(expected);

        // d/dx of each output: relu′ + 1, relu′ − 1, relu′ (max), 1 − relu′ (min: min(relu x, x) = x).
        var dy = new[] { 1.0, 2, 4, 8 };
        var gradient = Four.Select((v, i) => dy[i] * op switch
        {
            "Add" => (v > 0 ? 1 : 0) + 1,
            "Sub" => (v > 0 ? 1 : 0) - 1,
            "Max" => v > 0 ? 1 : 0,
            _ => 1,
        });
        net.Gradient(Four, dy).Should().Equal(gradient);
    }

    [Fact]
    public void Concat_OfTwoBranches_StacksThem()
    {
        var net = new OnnxBuilder().Input("x", 1, 4).Output("y", 1, 8)
            .Node("Relu", new[] { "x" }, new[] { "r" })
            .Node("Concat", new[] { "x", "r" }, new[] { "y" }, Attr("axis", 1L)).Load();
        net.Forward(Four).Should().Equal(1.5, -2, 3.25, -0.5, 1.5, 0, 3.25, 0);
        net.Gradient(Four, new[] { 1.0, 1, 1, 1, 10, 10, 10, 10 }).Should().Equal(11, 1, 11, 1);
    }

    [Fact]
    public void TensorAddedToItself_IsTwiceIt()
    {
        var net = new OnnxBuilder().Input("x", 1, 4).Output("y", 1, 4)
            .Node("Relu", new[] { "x" }, new[] { "r" })
            .Node("Add", new[] { "r", "r" }, new[] { "y" }).Load();
        net.Forward(Four).Should().Equal(3, 0, 6.5, 0);
        net.Gradient(Four, new[] { 1.0, 1, 1, 1 }).Should().Equal(2, 0, 2, 0);
    }

    [Fact]
    public void Split_WithBothPartsRead_KeepsBoth()
    {
        var net = new OnnxBuilder().Input("x", 1, 4).Output("y", 1, 2).Ints("parts", 2, 2)
            .Node("Split", new[] { "x", "parts" }, new[] { "a", "b" }, Attr("axis", 1L))
            .Node("Relu", new[] { "a" }, new[] { "r" })
            .Node("Sub", new[] { "r", "b" }, new[] { "y" }).Load();
        net.Forward(Four).Should().Equal(1.5 - 3.25, 0 + 0.5);
        net.Gradient(Four, new[] { 1.0, 1 }).Should().Equal(1, 0, -1, -1);
    }

    [Fact]
    public void ReluOutputCarriedPastAReLU_IsAStableNeuron_AndASignedTensorAPair()
    {
        // s = relu(x) is carried past relu(−x) as itself (≥ 0); x is carried past relu(s − 1)
        // as the pair relu(x), relu(−x).
        var net = new OnnxBuilder().Input("x", 1, 2).Output("y", 1, 2)
            .Initializer("one", new long[] { 1 }, 1)
            .Node("Relu", new[] { "x" }, new[] { "s" })
            .Node("Sub", new[] { "s", "one" }, new[] { "t" })
            .Node("Relu", new[] { "t" }, new[] { "u" })
            .Node("Add", new[] { "u", "x" }, new[] { "v" })
            .Node("Add", new[] { "v", "s" }, new[] { "y" }).Load();
        double F(double v) => Math.Max(Math.Max(v, 0) - 1, 0) + v + Math.Max(v, 0);
        var x = new[] { 2.5, -0.75 };
        net.Forward(x).Should().Equal(F(2.5), F(-0.75));
        net.Gradient(x, new[] { 1.0, 1 }).Should().Equal(3, 1);

        // The bounds keep a carried ReLU output at lower bound 0: its neurons are stable.
        var bounds = ExactLip.Bounds.BoundPropagation.Forward(net, new Box(new[] { -1.0, -1 }, new[] { 1.0, 1 }), ExactLip.Bounds.BoundsMethod.Crown);
        var relus = net.Layers.Select((l, k) => (l, k)).Where(p => p.l is ReluLayer).ToList();
        relus.Should().HaveCount(2);
        var second = relus[1].k;
        var pre = bounds[second];

        // State before the second ReLU: x (as x, −x: 4), s (2, carried as itself), t (2).
        pre.Dimension.Should().Be(8);
        pre.Lo(4).Should().Be(0);
        pre.Lo(5).Should().Be(0);
        pre.Lo(0).Should().BeNegative();
    }

    [Fact]
    public void UnusedBranch_IsDroppedFromTheOutput()
    {
        var net = new OnnxBuilder().Input("x", 1, 2).Output("y", 1, 2)
            .Node("Relu", new[] { "x" }, new[] { "r" })
            .Node("Relu", new[] { "r" }, new[] { "s" })
            .Node("Relu", new[] { "r" }, new[] { "y" }).Load();
        net.OutputSize.Should().Be(2);
        net.Forward(new[] { -1.0, 2 }).Should().Equal(0, 2);
    }

    [Fact]
    public void MaxPool_WithAnotherTensorLive_IsRefused()
    {
        var b = new OnnxBuilder().Input("x", 1, 1, 2, 2).Output("y", 1, 1, 1, 1)
            .Node("MaxPool", new[] { "x" }, new[] { "m" }, Attr("kernel_shape", new long[] { 2, 2 }))
            .Node("AveragePool", new[] { "x" }, new[] { "a" }, Attr("kernel_shape", new long[] { 2, 2 }))
            .Node("Add", new[] { "m", "a" }, new[] { "y" });
        FluentActions.Invoking(b.Load).Should().Throw<ModelFormatException>()
            .WithMessage("The ONNX operator 'MaxPool' at node * applies a maxpool layer while another tensor of the graph is still needed later*carries tensors only around ReLU and linear operations*.");
    }
}

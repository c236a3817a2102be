using ExactLip.Bounds;
using ExactLip.Core;
using ExactLip.Tests.Bounds;
using FluentAssertions;
using Xunit;
using static ExactLip.Tests.Import.OnnxBuilder;

namespace ExactLip.Tests.Import;

/// <summary>
/// Slice, Gather, Split and Concat on the activation (selections: each output copies one
/// input), 1-D Conv and pooling, and GlobalAveragePool, against outputs computed here by hand
/// or by direct loops over the ONNX definitions.
/// </summary>
public class SelectionAndWindowOperatorTests
{
    private static readonly double[] Six = { 1.5, -2, 3.25, -4, 5.5, -6.75 };

    [Fact]
    public void Slice_OfTheActivation_SelectsWithNegativeStep()
    {
        var net = new OnnxBuilder().Input("x", 1, 6).Output("y", 1, 3)
            .Ints("starts", 4).Ints("ends", -7).Ints("axes", 1).Ints("steps", -2)
            .Node("Slice", new[] { "x", "starts", "ends", "axes", "steps" }, new[] { "y" }).Load();
        net.Forward(Six).Should().Equal(5.5, 3.25, 1.5);
        net.Jacobian(Six)[0].Should().Equal(0, 0, 0, 0, 1, 0);
    }

    [Fact]
    public void Gather_OfTheActivation_RepeatsAndReorders()
    {
        var net = new OnnxBuilder().Input("x", 1, 2, 3).Output("y", 1, 2, 4).Ints("i", 2, -3, 2, 1)
            .Node("Gather", new[] { "x", "i" }, new[] { "y" }, Attr("axis", 2L)).Load();
        net.Forward(Six).Should().Equal(3.25, 1.5, 3.25, -2, -6.75, -4, -6.75, 5.5);

        // A repeated element receives the sum of its outputs' gradients.
        net.Gradient(Six, new[] { 1.0, 2, 4, 8, 0, 0, 0, 0 }).Should().Equal(2, 8, 5, 0, 0, 0);
    }

    [Fact]
    public void Split_OfTheActivation_KeepsThePartTheChainReads()
    {
        var net = new OnnxBuilder().Input("x", 1, 6).Output("y", 1, 2).Ints("parts", 1, 3, 2)
            .Node("Split", new[] { "x", "parts" }, new[] { "a", "b", "c" }, Attr("axis", 1L))
            .Node("Relu", new[] { "c" }, new[] { "y" }).Load();
        net.Forward(Six).Should().Equal(5.5, 0);
    }

    [Fact]
    public void Split_IntoEqualParts_ByOutputCount()
    {
        var net = new OnnxBuilder(11).Input("x", 1, 6).Output("b", 1, 3)
            .Node("Split", new[] { "x" }, new[] { "a", "b" }, Attr("axis", 1L)).Load();
        net.Forward(Six).Should().Equal(-4, 5.5, -6.75);
    }

    [Fact]
    public void Concat_OfTheActivationAndConstants_IsASelectionWithABias()
    {
        var net = new OnnxBuilder().Input("x", 1, 2, 2).Output("y", 1, 2, 5).Initializer("c", new long[] { 1, 2, 1 }, 7, 8)
            .Node("Concat", new[] { "c", "x", "x" }, new[] { "y" }, Attr("axis", 2L)).Load();
        net.Forward(new[] { 1.0, 2, 3, 4 }).Should().Equal(7, 1, 2, 1, 2, 8, 3, 4, 3, 4);
    }

    [Fact]
    public void Selections_FuseIntoTheirNeighbours_WithoutChangingAValue()
    {
        // Gemm → Slice → Gemm: the selection fuses into the first Gemm (it only picks its rows).
        var net = new OnnxBuilder().Input("x", 1, 2).Output("y", 1, 1)
            .Initializer("w1", new long[] { 3, 2 }, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f).Initializer("w2", new long[] { 1, 2 }, 0.7f, 0.9f)
            .Ints("s", 1).Ints("e", 3).Ints("a", 1)
            .Node("Gemm", new[] { "x", "w1" }, new[] { "h" }, Attr("transB", 1L))
            .Node("Slice", new[] { "h", "s", "e", "a" }, new[] { "g" })
            .Node("Gemm", new[] { "g", "w2" }, new[] { "y" }, Attr("transB", 1L)).Load();
        var simple = net.Simplify();
        simple.Layers.Should().HaveCount(2);
        var x = new[] { 0.3, -1.7 };
        simple.Forward(x).Should().Equal(net.Forward(x));
    }

    [Fact]
    public void Conv1d_MatchesTheDirectDefinition()
    {
        // [1, 4, 9] input, 6 filters of 2 channels (group 2), kernel 3, stride 2, dilation 2, pads (2, 1): 4 outputs per filter.
        var rng = new Random(11);
        var w = Enumerable.Range(0, 6 * 2 * 3).Select(_ => (float)Math.Round((rng.NextDouble() * 2) - 1, 3)).ToArray();
        var bias = Enumerable.Range(0, 6).Select(_ => (float)Math.Round(rng.NextDouble() - 0.5, 3)).ToArray();
        var net = new OnnxBuilder().Input("x", 1, 4, 9).Output("y", 1, 6, 4)
            .Initializer("w", new long[] { 6, 2, 3 }, w).Initializer("b", new long[] { 6 }, bias)
            .Node("Conv", new[] { "x", "w", "b" }, new[] { "y" }, Attr("group", 2L), Attr("strides", new long[] { 2 }), Attr("dilations", new long[] { 2 }), Attr("pads", new long[] { 2, 1 })).Load();
        net.OutputSize.Should().Be(24);
        var x = Enumerable.Range(0, 36).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var y = net.Forward(x);
        for (var o = 0; o < 6; o++)
        {
            var group = o / 3;
            for (var t = 0; t < 4; t++)
            {
                double sum = bias[o];
                for (var ci = 0; ci < 2; ci++)
                {
                    for (var k = 0; k < 3; k++)
                    {
                        var pos = (t * 2) + (k * 2) - 2;
                        if (pos >= 0 && pos < 9)
                        {
                            sum += w[(((o * 2) + ci) * 3) + k] * x[(((group * 2) + ci) * 9) + pos];
                        }
                    }
                }

                y[(o * 4) + t].Should().BeApproximately(sum, 1e-12);
            }
        }
    }

    [Fact]
    public void MaxPool1d_MatchesTheDirectDefinition()
    {
        var net = new OnnxBuilder().Input("x", 1, 1, 7).Output("y", 1, 1, 3)
            .Node("MaxPool", new[] { "x" }, new[] { "y" }, Attr("kernel_shape", new long[] { 3 }), Attr("strides", new long[] { 2 })).Load();
        net.Forward(new[] { 1.0, 5, 2, -1, 4, 0, 3 }).Should().Equal(5, 4, 4);
    }

    [Fact]
    public void GlobalAveragePool_AveragesEachChannel_In1dAnd2d()
    {
        var twoD = new OnnxBuilder().Input("x", 1, 2, 2, 2).Output("y", 1, 2, 1, 1).Node("GlobalAveragePool", new[] { "x" }, new[] { "y" }).Load();
        twoD.Forward(new[] { 1.0, 2, 3, 6, -1, -2, -3, -10 }).Should().Equal(3, -4);
        var oneD = new OnnxBuilder().Input("x", 1, 3, 2).Output("y", 1, 3, 1).Node("GlobalAveragePool", new[] { "x" }, new[] { "y" }).Load();
        oneD.Forward(Six).Should().Equal(-0.25, -0.375, -0.625);
    }

    [Theory]
    [InlineData(BoundsMethod.Interval)]
    [InlineData(BoundsMethod.Crown)]
    public void WindowAndSelectionNetwork_BoundsContainSampledOutputs(BoundsMethod method)
    {
        // Conv1d → LeakyRelu → MaxPool1d → Slice → GlobalAveragePool → Flatten: the forward and backward bounds contain every sample.
        var rng = new Random(12);
        var w = Enumerable.Range(0, 3 * 2 * 3).Select(_ => (float)((rng.NextDouble() * 2) - 1)).ToArray();
        var net = new OnnxBuilder().Input("x", 1, 2, 8).Output("y", 1, 3)
            .Initializer("w", new long[] { 3, 2, 3 }, w).Ints("s", 1).Ints("e", 4).Ints("a", 2)
            .Node("Conv", new[] { "x", "w" }, new[] { "c" }, Attr("pads", new long[] { 1, 1 }))
            .Node("LeakyRelu", new[] { "c" }, new[] { "l" }, Attr("alpha", 0.2f))
            .Node("MaxPool", new[] { "l" }, new[] { "m" }, Attr("kernel_shape", new long[] { 2 }), Attr("strides", new long[] { 2 }))
            .Node("Slice", new[] { "m", "s", "e", "a" }, new[] { "t" })
            .Node("GlobalAveragePool", new[] { "t" }, new[] { "g" })
            .Node("Flatten", new[] { "g" }, new[] { "y" }).Load();
        var c = new[] { 1.0, -1, 0.5 };
        var box = BoundPropagationTests.RandomBox(rng, 16, 0.5);
        foreach (var network in new[] { net, net.Simplify() })
        {
            var bounds = BoundPropagation.Compute(network, box, Box.Point(c), method);
            for (var s = 0; s < 300; s++)
            {
                var x = BoundPropagationTests.SamplePoint(rng, box);
                var acts = network.ForwardAll(x);
                bounds.Activations[^1].Contains(acts[^1]).Should().BeTrue();
                bounds.InputGradient.Contains(network.Gradient(x, c)).Should().BeTrue();
            }
        }
    }

    [Theory]
    [InlineData("Sigmoid")]
    [InlineData("Tanh")]
    [InlineData("Softmax")]
    public void NotPiecewiseLinear_IsRefusedWithTheReason(string op)
    {
        var b = new OnnxBuilder().Input("x", 1, 4).Output("y", 1, 4).Node(op, new[] { "x" }, new[] { "y" });
        FluentActions.Invoking(b.Load).Should().Throw<ModelFormatException>()
            .WithMessage($"Unsupported ONNX operator '{op}' at node * in test.onnx: it is not piecewise linear, so ExactLip's exact method*does not apply to it; supported operators are *LeakyRelu*");
    }
}

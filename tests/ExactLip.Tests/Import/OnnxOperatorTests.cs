using FluentAssertions;
using Xunit;
using static ExactLip.Tests.Import.OnnxBuilder;

namespace ExactLip.Tests.Import;

/// <summary>Operator conversions checked on hand-built graphs with hand-computed outputs.</summary>
public class OnnxOperatorTests
{
    [Fact]
    public void MatMul_ConstantOnTheLeft_OfAVectorInput()
    {
        // y = W·x with W [2,1] and x [1] (the VNN-COMP test networks' form).
        var net = new OnnxBuilder(14).Input("x", 1).Output("y", 2).Initializer("w", new long[] { 2, 1 }, 2, -3)
            .Node("MatMul", new[] { "w", "x" }, new[] { "y" }).Load();
        net.Forward(new[] { 1.5 }).Should().Equal(3, -4.5);
    }

    [Fact]
    public void Gemm_TransposedActivation_AlphaBeta_AndBroadcastBias()
    {
        // A is [2,1] (transA gives [1,2]), B [2,3], C [3]: y = 2·(x·B) + 0.5·C.
        var net = new OnnxBuilder().Input("x", 2, 1).Output("y", 1, 3)
            .Initializer("b", new long[] { 2, 3 }, 1, 2, 3, 4, 5, 6).Initializer("c", new long[] { 3 }, 2, 4, 6)
            .Node("Gemm", new[] { "x", "b", "c" }, new[] { "y" }, Attr("transA", 1L), Attr("alpha", 2f), Attr("beta", 0.5f)).Load();
        net.Forward(new[] { 1.0, -1.0 }).Should().Equal(-5, -4, -3);
    }

    [Fact]
    public void SubAndDiv_ConstantFirstAndSecond()
    {
        // y = (c − x) / d with broadcasting of a [1,2] constant over [1,2,2].
        var net = new OnnxBuilder().Input("x", 1, 2, 2).Output("y", 1, 2, 2)
            .Initializer("c", new long[] { 2 }, 1, 2).Initializer("d", new long[] { 2, 1 }, 2, 4)
            .Node("Sub", new[] { "c", "x" }, new[] { "s" })
            .Node("Div", new[] { "s", "d" }, new[] { "y" }).Load();
        net.Layers.Should().HaveCount(2);
        net.Forward(new[] { 1.0, 0, 3, 2 }).Should().Equal(0, 1, -0.5, 0);
    }

    [Fact]
    public void Reshape_ZeroAndMinusOne_AndSqueezeUnsqueeze_ByOpset()
    {
        var v13 = new OnnxBuilder(13).Input("x", -1, 2, 3).Output("y", 1, 6)
            .Ints("shape", 0, -1).Ints("axes", 1)
            .Node("Reshape", new[] { "x", "shape" }, new[] { "r" })
            .Node("Unsqueeze", new[] { "r", "axes" }, new[] { "u" })
            .Node("Squeeze", new[] { "u", "axes" }, new[] { "y" }).Load();
        v13.OutputSize.Should().Be(6);
        v13.Layers.Select(l => l.Kind).Should().Equal("reshape", "unsqueeze", "squeeze");

        var v11 = new OnnxBuilder(11).Input("x", 1, 3).Output("y", 1, 3)
            .Node("Unsqueeze", new[] { "x" }, new[] { "u" }, Attr("axes", new long[] { 2 }))
            .Node("Squeeze", new[] { "u" }, new[] { "y" }, Attr("axes", new long[] { -1 })).Load();
        v11.Forward(new[] { 1.0, 2, 3 }).Should().Equal(1, 2, 3);
    }

    [Fact]
    public void Transpose_OfConstantFolds_AndOfActivationPermutes()
    {
        // x [1,2,3] transposed to [1,3,2]; then minus a constant transposed from [2,3].
        var net = new OnnxBuilder().Input("x", 1, 2, 3).Output("y", 1, 3, 2)
            .Initializer("c", new long[] { 2, 3 }, 1, 2, 3, 4, 5, 6)
            .Node("Transpose", new[] { "c" }, new[] { "ct" }, Attr("perm", new long[] { 1, 0 }))
            .Node("Transpose", new[] { "x" }, new[] { "xt" }, Attr("perm", new long[] { 0, 2, 1 }))
            .Node("Sub", new[] { "xt", "ct" }, new[] { "y" }).Load();
        net.Layers.Should().HaveCount(2);
        net.Forward(new[] { 10.0, 20, 30, 40, 50, 60 }).Should().Equal(9, 36, 18, 45, 27, 54);
    }

    [Fact]
    public void Conv_SameUpper_PadsAtTheEnd()
    {
        // 1 channel 4x4, kernel 2x2 of ones, stride 1, SAME_UPPER: output 4x4, the pad on the bottom/right.
        var net = new OnnxBuilder().Input("x", 1, 1, 4, 4).Output("y", 1, 1, 4, 4)
            .Initializer("w", new long[] { 1, 1, 2, 2 }, 1, 1, 1, 1)
            .Node("Conv", new[] { "x", "w" }, new[] { "y" }, Attr("auto_pad", "SAME_UPPER")).Load();
        var x = Enumerable.Range(0, 16).Select(i => (double)i).ToArray();
        var y = net.Forward(x);
        y[0].Should().Be(0 + 1 + 4 + 5);
        y[15].Should().Be(15);
        y[3].Should().Be(3 + 7);
    }

    [Fact]
    public void ShapeArithmetic_FoldsIntoReshape()
    {
        // Reshape(x, Concat(Gather(Shape(x), 0), [-1])): the x.view(x.size(0), -1) export.
        var net = new OnnxBuilder(11).Input("x", 1, 2, 2).Output("y", 1, 4)
            .Ints("zero", 0).Ints("minus", -1)
            .Node("Shape", new[] { "x" }, new[] { "s" })
            .Node("Gather", new[] { "s", "zero" }, new[] { "n" }, Attr("axis", 0L))
            .Node("Concat", new[] { "n", "minus" }, new[] { "shape" }, Attr("axis", 0L))
            .Node("Reshape", new[] { "x", "shape" }, new[] { "y" }).Load();
        net.Layers.Should().ContainSingle().Which.OutputShape.Dims.Should().Equal(4);
    }

    [Fact]
    public void BatchNormalization_UsesRunningStatistics()
    {
        var net = new OnnxBuilder(9).Input("x", 1, 2, 1, 1).Output("y", 1, 2, 1, 1)
            .Initializer("g", new long[] { 2 }, 2, 1).Initializer("b", new long[] { 2 }, 1, 0)
            .Initializer("m", new long[] { 2 }, 1, -1).Initializer("v", new long[] { 2 }, 4, 1)
            .Node("BatchNormalization", new[] { "x", "g", "b", "m", "v" }, new[] { "y" }, Attr("epsilon", 0f)).Load();
        net.Forward(new[] { 3.0, 1.0 }).Should().Equal(3, 2);
    }
}

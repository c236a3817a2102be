using ExactLip.Core;
using ExactLip.Import;
using ExactLip.Import.Onnx;
using FluentAssertions;
using Xunit;
using static ExactLip.Tests.Import.OnnxBuilder;
using Proto = ExactLip.Import.Onnx.Proto;

namespace ExactLip.Tests.Import;

/// <summary>Every bad model ends in one <see cref="ModelFormatException"/> sentence that names the problem.</summary>
public class OnnxErrorTests
{
    private static void ShouldBeOneSentence(string message)
    {
        message.Should().EndWith(".");
        message.TrimEnd('.').Should().NotContain(". ");
        message.Should().NotContain("\n");
    }

    [Fact]
    public void Load_MissingFile_NamesThePath()
    {
        var act = () => ModelLoader.Load("/nonexistent/model.onnx");
        var e = act.Should().Throw<ModelFormatException>().Which;
        e.Message.Should().Contain("/nonexistent/model.onnx").And.Contain("does not exist");
        ShouldBeOneSentence(e.Message);
    }

    [Fact]
    public void Load_CorruptProtobuf_SaysTheFileIsNotOnnx()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"exactlip-corrupt-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, new byte[] { 0x0a, 0xff, 0xff, 0xff, 0x7f, 0x01, 0x02 });
        try
        {
            var e = FluentActions.Invoking(() => ModelLoader.Load(path)).Should().Throw<ModelFormatException>().Which;
            e.Message.Should().Contain(path).And.Contain("not a valid ONNX file");
            ShouldBeOneSentence(e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Load_UnsupportedOperator_NamesOperatorNodeFileAndTheSupportedList()
    {
        var path = Fixtures.Model("bad_unsupported_op.onnx");
        var e = FluentActions.Invoking(() => ModelLoader.Load(path)).Should().Throw<ModelFormatException>().Which;
        e.Message.Should().StartWith("Unsupported ONNX operator 'Sigmoid' at node 'squash' in ")
            .And.Contain("bad_unsupported_op.onnx").And.Contain("supported operators are Add, AveragePool");
        ShouldBeOneSentence(e.Message);
    }

    [Fact]
    public void Load_UnknownExtension_Fails()
    {
        FluentActions.Invoking(() => ModelLoader.Load("model.h5")).Should().Throw<ModelFormatException>().WithMessage("*'.h5'*");
    }

    [Fact]
    public void Load_TwoInputs_Fails()
    {
        var b = new OnnxBuilder().Input("a", 1, 2).Input("b", 1, 2).Output("y", 1, 2).Node("Relu", new[] { "a" }, new[] { "y" });
        FluentActions.Invoking(b.Load).Should().Throw<ModelFormatException>().WithMessage("*has 2 graph inputs*exactly one*");
    }

    [Fact]
    public void Load_InitializerListedAsInput_IsNotARealInput()
    {
        var b = new OnnxBuilder().Input("x", 1, 2).Input("w", 2, 2).Output("y", 1, 2)
            .Initializer("w", new long[] { 2, 2 }, 1, 2, 3, 4).Node("MatMul", new[] { "x", "w" }, new[] { "y" });
        b.Load().Forward(new[] { 1.0, 1.0 }).Should().Equal(4, 6);
    }

    [Fact]
    public void Load_ProductOfActivations_Fails()
    {
        var b = new OnnxBuilder().Input("x", 1, 2).Output("y", 1, 2).Node("Mul", new[] { "x", "x" }, new[] { "y" });
        FluentActions.Invoking(b.Load).Should().Throw<ModelFormatException>().WithMessage("The ONNX operator 'Mul' at node 'mul_0' in test.onnx multiplies or divides two activations, which is not piecewise linear*");
    }

    [Fact]
    public void Load_ConstantDividedByActivation_Fails()
    {
        var b = new OnnxBuilder().Input("x", 1, 2).Output("y", 1, 2).Initializer("c", new long[] { 2 }, 1, 2)
            .Node("Div", new[] { "c", "x" }, new[] { "y" });
        FluentActions.Invoking(b.Load).Should().Throw<ModelFormatException>().WithMessage("*not a linear operation*");
    }

    [Fact]
    public void Load_NonZeroPad_Fails_ButEmptyPadIsANoOp()
    {
        var empty = new OnnxBuilder().Input("x", 1, 1, 2, 2).Output("y", 1, 1, 2, 2).Ints("p", 0, 0, 0, 0, 0, 0, 0, 0)
            .Node("Pad", new[] { "x", "p" }, new[] { "y" }, Attr("mode", "reflect"));
        empty.Load().Layers.Should().BeEmpty();

        var reflect = new OnnxBuilder().Input("x", 1, 1, 2, 2).Output("y", 1, 1, 4, 4).Ints("p", 0, 0, 1, 1, 0, 0, 1, 1)
            .Node("Pad", new[] { "x", "p" }, new[] { "y" }, Attr("mode", "reflect"));
        FluentActions.Invoking(reflect.Load).Should().Throw<ModelFormatException>().WithMessage("*constant zero padding*");
    }

    [Fact]
    public void Load_OutputThatIgnoresTheInput_Fails()
    {
        var b = new OnnxBuilder().Input("x", 1, 2).Output("c", 2).Initializer("c", new long[] { 2 }, 1, 2);
        FluentActions.Invoking(b.Load).Should().Throw<ModelFormatException>().WithMessage("*does not depend on the input*");
    }

    [Fact]
    public void Load_CeilModePooling_Fails()
    {
        var b = new OnnxBuilder().Input("x", 1, 1, 5, 5).Output("y", 1, 1, 3, 3)
            .Node("MaxPool", new[] { "x" }, new[] { "y" }, Attr("kernel_shape", new long[] { 2, 2 }), Attr("strides", new long[] { 2, 2 }), Attr("ceil_mode", 1L));
        FluentActions.Invoking(b.Load).Should().Throw<ModelFormatException>().WithMessage("*ceil_mode*");
    }

    [Fact]
    public void LoadBytes_EmptyModel_Fails()
    {
        FluentActions.Invoking(() => OnnxImporter.Load(Array.Empty<byte>(), "empty.onnx")).Should().Throw<ModelFormatException>().WithMessage("empty.onnx holds no ONNX graph*");
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "Infinity")]
    [InlineData(float.NegativeInfinity, "-Infinity")]
    public void Load_NonFiniteInitializer_NamesTheTensorAndTheEntry(float bad, string shown)
    {
        var b = new OnnxBuilder().Input("x", 1, 2).Output("y", 1, 2)
            .Initializer("W", [2, 2], 1, 0, bad, 1)
            .Node("Gemm", ["x", "W"], ["y"], Attr("transB", 1L));
        var e = FluentActions.Invoking(b.Load).Should().Throw<ModelFormatException>().Which;
        e.Message.Should().Be($"The tensor 'W' in test.onnx holds {shown} at entry 2, but ExactLip needs finite weights; fix the model or re-export it from weights without NaN or infinity.");
        ShouldBeOneSentence(e.Message);
    }

    [Fact]
    public void Load_NonFiniteConstantNode_NamesItsOutput()
    {
        var b = new OnnxBuilder().Input("x", 1, 2).Output("y", 1, 2)
            .Node("Constant", [], ["shift"], FloatsAttr("value_floats", 0, float.NaN))
            .Node("Add", ["x", "shift"], ["y"]);
        FluentActions.Invoking(b.Load).Should().Throw<ModelFormatException>()
            .WithMessage("The tensor 'shift' in test.onnx holds NaN at entry 1, but ExactLip needs finite weights*");
    }

    [Fact]
    public void Load_FiniteWeights_StillLoad()
    {
        var b = new OnnxBuilder().Input("x", 1, 2).Output("y", 1, 2)
            .Initializer("W", [2, 2], 1, 0, float.MaxValue, 1)
            .Node("Gemm", ["x", "W"], ["y"], Attr("transB", 1L));
        b.Load().InputSize.Should().Be(2);
    }

    private static Proto.AttributeProto FloatsAttr(string name, params float[] values)
    {
        var a = new Proto.AttributeProto { Name = name, Type = Proto.AttributeProto.Types.AttributeType.Floats };
        a.Floats.AddRange(values);
        return a;
    }
}

using ExactLip.Import.Onnx.Proto;
using Google.Protobuf;
using static ExactLip.Tests.Import.OnnxBuilder;

namespace ExactLip.Tests.Import;

/// <summary>
/// Small ONNX models whose shapes, sizes or attributes are malformed, each with a fragment the
/// importer's one-sentence refusal must contain (the node, or the input, it is about). Before the
/// importer checked them, each ended in an internal error (exit 70), a wrapped int, or a
/// network of NaN weights.
/// </summary>
public static class MalformedShapes
{
    public static readonly IReadOnlyDictionary<string, (Func<byte[]> Model, string Names)> Cases = new Dictionary<string, (Func<byte[]>, string)>
    {
        // A node without inputs or outputs (an index out of range deep in a converter).
        ["node_without_input"] = (() => new OnnxBuilder().Input("x", 1, 2).Output("y", 1, 2).Node("Relu", Array.Empty<string>(), new[] { "y" }).Build(), "at node 'relu_0'"),
        ["node_without_output"] = (() => new OnnxBuilder().Input("x", 1, 2).Output("y", 1, 2).Node("Relu", new[] { "x" }, Array.Empty<string>()).Build(), "at node 'relu_0'"),

        // Sizes beyond int: an overflow exception, or a cast that wrapped to 0 and imported a different network.
        ["reshape_beyond_int"] = (() => new OnnxBuilder().Input("x", 1, 4).Output("y", 1, 4).Ints("s", 1L << 32, 1L << 32).Node("Reshape", new[] { "x", "s" }, new[] { "y" }).Build(), "at node 'reshape_0'"),
        ["pad_beyond_int"] = (() => new OnnxBuilder().Input("x", 1, 4).Output("y", 1, 4).Ints("p", 0, 1L << 40, 0, 1L << 40).Node("Pad", new[] { "x", "p" }, new[] { "y" }).Build(), "at node 'pad_0'"),
        ["conv_pads_beyond_int"] = (() => new OnnxBuilder().Input("x", 1, 1, 4, 4).Output("y", 1, 1, 2, 2).Initializer("w", new long[] { 1, 1, 3, 3 }, Ones(9))
            .Node("Conv", new[] { "x", "w" }, new[] { "y" }, Attr("pads", new long[] { 1L << 40, 1L << 40, 1L << 40, 1L << 40 })).Build(), "at node 'conv_0'"),
        ["flatten_axis_beyond_int"] = (() => new OnnxBuilder().Input("x", 1, 2).Output("y", 1, 2).Node("Flatten", new[] { "x" }, new[] { "y" }, Attr("axis", long.MinValue)).Build(), "at node 'flatten_0'"),

        // Tensors too large to hold: refused before they are allocated.
        ["pad_too_large"] = (() => new OnnxBuilder().Input("x", 1, 4).Output("y", 1, 4).Ints("p", 0, 1L << 29, 0, 1L << 29).Node("Pad", new[] { "x", "p" }, new[] { "y" }).Build(), "at node 'pad_0'"),
        ["input_too_large"] = (() => new OnnxBuilder().Input("x", 1, 100000, 100000).Output("y", 1, 2).Node("Relu", new[] { "x" }, new[] { "y" }).Build(), "The input 'x'"),
        ["input_axis_beyond_int"] = (() => new OnnxBuilder().Input("x", 1, 1L << 40).Output("y", 1, 2).Node("Relu", new[] { "x" }, new[] { "y" }).Build(), "The input 'x'"),
        ["initializer_too_large"] = (() => Spoiled(Dense(), m => { m.Graph.Initializer[0].Dims[0] = 1L << 20; m.Graph.Initializer[0].Dims[1] = 1L << 20; }), "The tensor 'w'"),

        // Negative and zero dimensions.
        ["constant_of_negative_shape"] = (() => new OnnxBuilder().Input("x", 1, 2).Output("y", 1, 2).Ints("s", -2).Node("ConstantOfShape", new[] { "s" }, new[] { "c" }).Node("Add", new[] { "x", "c" }, new[] { "y" }).Build(), "at node 'constantofshape_0'"),
        ["gemm_with_no_rows"] = (() => Spoiled(Dense(), m => { m.Graph.Initializer[0].Dims[0] = 0; m.Graph.Initializer[0].FloatData.Clear(); }), "at node 'gemm_0'"),

        // Attributes that become NaN or infinite weights.
        ["leaky_relu_nan_slope"] = (() => new OnnxBuilder().Input("x", 1, 2).Output("y", 1, 2).Node("LeakyRelu", new[] { "x" }, new[] { "y" }, Attr("alpha", float.NaN)).Build(), "at node 'leakyrelu_0'"),
        ["gemm_infinite_alpha"] = (() => new OnnxBuilder().Input("x", 1, 2).Output("y", 1, 3).Initializer("w", new long[] { 3, 2 }, Ones(6))
            .Node("Gemm", new[] { "x", "w" }, new[] { "y" }, Attr("transB", 1L), Attr("alpha", float.PositiveInfinity)).Build(), "at node 'gemm_0'"),
        ["batchnorm_zero_variance"] = (() => BatchNorm(0f, 0f), "at node 'batchnormalization_0'"),
        ["batchnorm_negative_variance"] = (() => BatchNorm(-1f, 1e-5f), "at node 'batchnormalization_0'"),
    };

    private static float[] Ones(int n) => Enumerable.Repeat(1f, n).ToArray();

    /// <summary>x[1,2] → Gemm with weight w[3,2] → y[1,3].</summary>
    private static byte[] Dense() => new OnnxBuilder().Input("x", 1, 2).Output("y", 1, 3).Initializer("w", new long[] { 3, 2 }, Ones(6))
        .Node("Gemm", new[] { "x", "w" }, new[] { "y" }, Attr("transB", 1L)).Build();

    private static byte[] BatchNorm(float variance, float epsilon) => new OnnxBuilder().Input("x", 1, 2, 2, 2).Output("y", 1, 2, 2, 2)
        .Initializer("s", new long[] { 2 }, Ones(2)).Initializer("b", new long[] { 2 }, Ones(2)).Initializer("m", new long[] { 2 }, Ones(2)).Initializer("v", new long[] { 2 }, variance, variance)
        .Node("BatchNormalization", new[] { "x", "s", "b", "m", "v" }, new[] { "y" }, Attr("epsilon", epsilon)).Build();

    /// <summary>A model changed where <see cref="OnnxBuilder"/> cannot reach: dimensions an initializer's data does not fill.</summary>
    private static byte[] Spoiled(byte[] model, Action<ModelProto> spoil)
    {
        var proto = ModelProto.Parser.ParseFrom(model);
        spoil(proto);
        return proto.ToByteArray();
    }
}

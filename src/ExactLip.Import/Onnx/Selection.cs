using ExactLip.Import.Onnx.Proto;
using ExactLip.Network;
using ExactLip.Network.Layers;

namespace ExactLip.Import.Onnx;

/// <summary>
/// The operators that pick elements (Slice, Gather, Split, and the activation's part of a
/// Concat) are given by one index map: for each output element, the flat index of the input
/// element it copies. On constants the map folds; on the activation it is a linear layer whose
/// rows each hold a single 1, so it computes nothing and is exact, and
/// <see cref="NeuralNetwork.Simplify"/> fuses it into its neighbours without rounding.
/// </summary>
internal static class Selection
{
    /// <summary>The constant <paramref name="data"/> picked by <paramref name="source"/>.</summary>
    public static OnnxTensor Fold(OnnxTensor data, int[] shape, int[] source) =>
        new(shape, source.Select(s => data.Data[s]).ToArray(), data.IsInteger);

    /// <summary>Appends the layer that copies input element <c>source[o]</c> to output o (−1: the constant <c>fill[o]</c>).</summary>
    public static void Emit(NodeProto node, ImportContext context, Activation x, int[] shape, int[] source, string kind, double[]? fill = null)
    {
        if (source.Length == 0)
        {
            throw context.Error(node, $"selects no element of the network's activation [{string.Join(",", x.Shape)}]; re-export the model");
        }

        var rows = source.Select(s => (IReadOnlyList<(int, double)>)(s >= 0 ? new[] { (s, 1.0) } : Array.Empty<(int, double)>())).ToList();
        var matrix = SparseMatrix.FromRows(OnnxTensor.ShapeSize(x.Shape), rows);
        var bias = fill ?? new double[source.Length];
        context.Emit(node, new AffineLayer(context.SampleShape(x.Shape), context.SampleShape(shape), matrix, bias, kind), shape);
    }

    /// <summary>
    /// For a row-major tensor of shape <paramref name="shape"/>, the flat index of the element
    /// picked by choosing index <c>picks[a][i_a]</c> on each axis a (the output's shape is the
    /// lengths of the picks).
    /// </summary>
    public static int[] Source(int[] shape, int[][] picks)
    {
        var rank = shape.Length;
        var outShape = picks.Select(p => p.Length).ToArray();
        var size = OnnxTensor.ShapeSize(outShape);
        var result = new int[size];
        var index = new int[rank];
        for (var o = 0; o < size; o++)
        {
            var src = 0;
            for (var a = 0; a < rank; a++)
            {
                src = (src * shape[a]) + picks[a][index[a]];
            }

            result[o] = src;
            for (var a = rank - 1; a >= 0; a--)
            {
                if (++index[a] < outShape[a])
                {
                    break;
                }

                index[a] = 0;
            }
        }

        return result;
    }

    /// <summary>The picks that keep every index of every axis.</summary>
    public static int[][] All(int[] shape) => shape.Select(d => Enumerable.Range(0, d).ToArray()).ToArray();

    /// <summary>The input's shape, whether it is a constant or the activation (checked to continue the chain).</summary>
    public static (OnnxTensor? Constant, Activation? Activation, int[] Shape) Input(NodeProto node, ImportContext context, int index, string role)
    {
        if (context.IsConstant(node.Input[index]))
        {
            var c = context.Constant(node, index, role);
            return (c, null, c.Shape);
        }

        var x = context.Activation(node, index);
        return (null, x, x.Shape);
    }
}

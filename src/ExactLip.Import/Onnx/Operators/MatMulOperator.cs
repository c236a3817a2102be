using ExactLip.Import.Onnx.Proto;
using ExactLip.Network;
using ExactLip.Network.Layers;

namespace ExactLip.Import.Onnx.Operators;

/// <summary>
/// MatMul (NumPy matmul semantics) of the activation with a constant matrix or vector, on
/// either side: x·W (weights [in, out], as MATLAB exports such as ACAS Xu store them) or W·x
/// (the activation's last two axes are the matrix; a vector operand gains and loses an axis).
/// Leading axes of the activation are batch-like and get a block-diagonal matrix.
/// </summary>
internal sealed class MatMulOperator : IOnnxOperator
{
    public void Convert(NodeProto node, ImportContext context)
    {
        var activationFirst = context.IsActivation(node.Input[0]);
        if (!activationFirst && !context.IsActivation(node.Input[1]))
        {
            throw context.Error(node, "multiplies two constants, which ExactLip does not fold; export the model with constant folding enabled");
        }

        var x = context.Activation(node, activationFirst ? 0 : 1);
        var w = context.Constant(node, activationFirst ? 1 : 0, "weight");
        if (w.Rank is < 1 or > 2 || x.Shape.Length == 0)
        {
            throw context.Error(node, $"multiplies tensors of shapes [{string.Join(",", x.Shape)}] and [{string.Join(",", w.Shape)}], but ExactLip supports a constant matrix or vector times the activation; re-export the model");
        }

        var (outShape, rows) = activationFirst ? Right(node, context, x.Shape, w) : Left(node, context, x.Shape, w);
        var matrix = SparseMatrix.FromRows(OnnxTensor.ShapeSize(x.Shape), rows);
        var bias = new double[matrix.Rows];
        context.Emit(node, new AffineLayer(context.SampleShape(x.Shape), context.SampleShape(outShape), matrix, bias, "matmul"), outShape);
    }

    /// <summary>y = x·W: x viewed as [P, K], W as [K, N].</summary>
    private static (int[] Shape, List<IReadOnlyList<(int, double)>> Rows) Right(NodeProto node, ImportContext context, int[] xs, OnnxTensor w)
    {
        var k = xs[^1];
        var p = OnnxTensor.ShapeSize(xs) / Math.Max(k, 1);
        int wk = w.Shape[0], n = w.Rank == 2 ? w.Shape[1] : 1;
        if (wk != k)
        {
            throw context.Error(node, $"multiplies [{string.Join(",", xs)}] by [{string.Join(",", w.Shape)}], whose inner sizes differ; re-export the model");
        }

        var rows = new List<IReadOnlyList<(int, double)>>(p * n);
        for (var i = 0; i < p; i++)
        {
            for (var j = 0; j < n; j++)
            {
                rows.Add(Enumerable.Range(0, k).Select(kk => ((i * k) + kk, w.Data[(kk * n) + j])).ToList());
            }
        }

        var shape = xs[..^1].Concat(w.Rank == 2 ? new[] { n } : Array.Empty<int>()).ToArray();
        return (shape, rows);
    }

    /// <summary>y = W·x: W viewed as [M, K], x as [Q, K, N] (a vector x is [K, 1]).</summary>
    private static (int[] Shape, List<IReadOnlyList<(int, double)>> Rows) Left(NodeProto node, ImportContext context, int[] xs, OnnxTensor w)
    {
        var vector = xs.Length == 1;
        int k = vector ? xs[0] : xs[^2], n = vector ? 1 : xs[^1];
        var q = OnnxTensor.ShapeSize(xs) / Math.Max(k * n, 1);
        int m = w.Rank == 2 ? w.Shape[0] : 1, wk = w.Shape[^1];
        if (wk != k)
        {
            throw context.Error(node, $"multiplies [{string.Join(",", w.Shape)}] by [{string.Join(",", xs)}], whose inner sizes differ; re-export the model");
        }

        var rows = new List<IReadOnlyList<(int, double)>>(q * m * n);
        for (var b = 0; b < q; b++)
        {
            for (var i = 0; i < m; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    rows.Add(Enumerable.Range(0, k).Select(kk => ((((b * k) + kk) * n) + j, w.Data[(i * k) + kk])).ToList());
                }
            }
        }

        var shape = new List<int>(vector ? Array.Empty<int>() : xs[..^2]);
        if (w.Rank == 2)
        {
            shape.Add(m);
        }

        if (!vector)
        {
            shape.Add(n);
        }

        return (shape.ToArray(), rows);
    }
}

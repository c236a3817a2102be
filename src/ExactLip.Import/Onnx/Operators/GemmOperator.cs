using ExactLip.Import.Onnx.Proto;
using ExactLip.Network;
using ExactLip.Network.Layers;

namespace ExactLip.Import.Onnx.Operators;

/// <summary>
/// Gemm: Y = α·A′·B′ + β·C with A′ = transA ? Aᵀ : A and B′ = transB ? Bᵀ : B, where one of A
/// and B is the (2-D) activation and the other a constant; C is optional and broadcasts to
/// the output. Becomes one <see cref="AffineLayer"/>.
/// </summary>
internal sealed class GemmOperator : IOnnxOperator
{
    public void Convert(NodeProto node, ImportContext context)
    {
        var alpha = (double)context.Float(node, "alpha", 1f);
        var beta = (double)context.Float(node, "beta", 1f);
        var transA = NodeAttributes.Int(node, "transA", 0) != 0;
        var transB = NodeAttributes.Int(node, "transB", 0) != 0;
        var activationFirst = context.IsActivation(node.Input[0]);
        if (!activationFirst && !context.IsActivation(node.Input[1]))
        {
            throw context.Error(node, "multiplies two constants, which ExactLip does not fold; export the model with constant folding enabled");
        }

        var x = context.Activation(node, activationFirst ? 0 : 1);
        var w = context.Constant(node, activationFirst ? 1 : 0, "weight");
        if (x.Shape.Length != 2 || w.Rank != 2)
        {
            throw context.Error(node, $"multiplies tensors of shapes [{string.Join(",", x.Shape)}] and [{string.Join(",", w.Shape)}], but Gemm needs two matrices; re-export the model");
        }

        // Logical shapes A′ = [M, K], B′ = [K, N]; each is read from its stored layout.
        var aShape = activationFirst ? x.Shape : w.Shape;
        var bShape = activationFirst ? w.Shape : x.Shape;
        int m = transA ? aShape[1] : aShape[0], k = transA ? aShape[0] : aShape[1];
        int kb = transB ? bShape[1] : bShape[0], n = transB ? bShape[0] : bShape[1];
        if (k != kb)
        {
            throw context.Error(node, $"multiplies [{m}x{k}] by [{kb}x{n}] after transposition, whose inner sizes differ; re-export the model");
        }

        int IndexA(int i, int kk) => transA ? (kk * m) + i : (i * k) + kk;
        int IndexB(int kk, int j) => transB ? (j * k) + kk : (kk * n) + j;

        var rows = new List<IReadOnlyList<(int, double)>>(m * n);
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var row = new List<(int, double)>(k);
                for (var kk = 0; kk < k; kk++)
                {
                    row.Add(activationFirst
                        ? (IndexA(i, kk), alpha * w.Data[IndexB(kk, j)])
                        : (IndexB(kk, j), alpha * w.Data[IndexA(i, kk)]));
                }

                rows.Add(row);
            }
        }

        var outShape = new[] { m, n };
        var bias = new double[m * n];
        if (context.OptionalConstant(node, 2, "bias") is { } c)
        {
            if (Broadcasting.Shape(c.Shape, outShape) is not { } s || !s.SequenceEqual(outShape))
            {
                throw context.Error(node, $"has a bias of shape [{string.Join(",", c.Shape)}] that does not broadcast to [{m},{n}]; re-export the model");
            }

            var cv = Broadcasting.Expand(c, outShape);
            for (var i = 0; i < bias.Length; i++)
            {
                bias[i] = beta * cv[i];
            }
        }

        var matrix = SparseMatrix.FromRows(OnnxTensor.ShapeSize(x.Shape), rows);
        context.Emit(node, new AffineLayer(context.SampleShape(x.Shape), context.SampleShape(outShape), matrix, bias, "gemm"), outShape);
    }
}

using ExactLip.Import.Onnx.Proto;
using ExactLip.Network;
using ExactLip.Network.Layers;

namespace ExactLip.Import.Onnx.Operators;

/// <summary>Transpose: folded on a constant, a <see cref="PermutationLayer"/> on the activation (e.g. NHWC → NCHW).</summary>
internal sealed class TransposeOperator : IOnnxOperator
{
    public void Convert(NodeProto node, ImportContext context)
    {
        var isConstant = context.IsConstant(node.Input[0]);
        var shape = isConstant ? context.Constant(node, 0, "input").Shape : context.Activation(node, 0).Shape;
        var rank = shape.Length;
        var perm = (NodeAttributes.Ints(node, "perm") ?? Enumerable.Range(0, rank).Reverse().Select(a => (long)a).ToArray())
            .Select(p => checked((int)p)).ToArray();
        if (perm.Length != rank || perm.Order().Where((p, i) => p != i).Any())
        {
            throw context.Error(node, $"has perm [{string.Join(",", perm)}], which is not a permutation of {rank} axes; re-export the model");
        }

        var outShape = perm.Select(p => shape[p]).ToArray();
        var full = new PermutationLayer(new Shape(shape), perm);
        if (isConstant)
        {
            var c = context.Constant(node, 0, "input");
            var data = new double[c.Size];
            full.Matrix.Multiply(c.Data, data);
            context.SetConstant(node.Output[0], new OnnxTensor(outShape, data, c.IsInteger));
            return;
        }

        // Keep the batch axis out of the layer's own shapes when it stays in front.
        var layer = context.DropsBatch(shape) && perm[0] == 0
            ? new PermutationLayer(context.SampleShape(shape), perm[1..].Select(p => p - 1).ToArray())
            : full;
        context.Emit(node, layer, outShape);
    }
}

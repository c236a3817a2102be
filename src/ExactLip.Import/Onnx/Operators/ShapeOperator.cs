using ExactLip.Import.Onnx.Proto;

namespace ExactLip.Import.Onnx.Operators;

/// <summary>
/// Shape: the (known) shape of a tensor as an int64 constant, with the batch axis as 1, so the
/// shape arithmetic of exports such as <c>x.view(x.size(0), -1)</c> folds away.
/// </summary>
internal sealed class ShapeOperator : IOnnxOperator
{
    public void Convert(NodeProto node, ImportContext context)
    {
        var name = node.Input[0];
        var shape = context.IsConstant(name)
            ? context.Constant(node, 0, "input").Shape
            : context.FindActivation(name)?.Shape ?? throw context.Error(node, $"reads '{name}', whose shape is unknown; re-export the model");
        var rank = shape.Length;
        long Clamp(long a) => Math.Clamp(a < 0 ? a + rank : a, 0, rank);
        var start = (int)Clamp(NodeAttributes.Int(node, "start", 0));
        var end = (int)Clamp(NodeAttributes.Int(node, "end", rank));
        var dims = shape.Skip(start).Take(Math.Max(0, end - start)).Select(d => (long)d).ToArray();
        context.SetConstant(node.Output[0], OnnxTensor.Vector(dims));
    }
}

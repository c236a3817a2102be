using ExactLip.Import.Onnx.Proto;

namespace ExactLip.Import.Onnx.Operators;

/// <summary>ConstantOfShape (shape arithmetic, e.g. PyTorch's F.pad export): a constant filled with one value, 0 by default.</summary>
internal sealed class ConstantOfShapeOperator : IOnnxOperator
{
    public void Convert(NodeProto node, ImportContext context)
    {
        var dims = context.Constant(node, 0, "shape").AsLongs();
        if (dims.Any(d => d < 0))
        {
            throw context.Error(node, $"has the shape [{string.Join(",", dims)}] with a negative dimension; re-export the model");
        }

        var shape = dims.Select(d => checked((int)d)).ToArray();
        OnnxTensor.ShapeSize(shape);
        var fill = NodeAttributes.Find(node, "value") is { T: { } t } ? OnnxTensor.FromProto(t, context.File).RequireFinite(node.Output[0], context.File) : OnnxTensor.Scalar(0, isInteger: false);
        if (fill.Size != 1)
        {
            throw context.Error(node, $"has a fill value with {fill.Size} entries instead of one; re-export the model");
        }

        var data = Enumerable.Repeat(fill.Data[0], OnnxTensor.ShapeSize(shape)).ToArray();
        context.SetConstant(node.Output[0], new OnnxTensor(shape, data, fill.IsInteger));
    }
}

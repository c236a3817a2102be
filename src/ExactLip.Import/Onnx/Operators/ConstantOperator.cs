using ExactLip.Import.Onnx.Proto;

namespace ExactLip.Import.Onnx.Operators;

/// <summary>Constant: its value (tensor, or value_float(s)/value_int(s) from opset 12) becomes a constant.</summary>
internal sealed class ConstantOperator : IOnnxOperator
{
    public void Convert(NodeProto node, ImportContext context)
    {
        OnnxTensor value;
        if (NodeAttributes.Find(node, "value") is { T: { } t })
        {
            value = OnnxTensor.FromProto(t, context.File);
        }
        else if (NodeAttributes.Find(node, "value_float") is { } f)
        {
            value = OnnxTensor.Scalar(f.F);
        }
        else if (NodeAttributes.Find(node, "value_floats") is { } fs)
        {
            value = new OnnxTensor(new[] { fs.Floats.Count }, fs.Floats.Select(v => (double)v).ToArray());
        }
        else if (NodeAttributes.Find(node, "value_int") is { } i)
        {
            value = OnnxTensor.Scalar(i.I, isInteger: true);
        }
        else if (NodeAttributes.Find(node, "value_ints") is { } ints)
        {
            value = OnnxTensor.Vector(ints.Ints);
        }
        else
        {
            throw context.Error(node, "has no dense value ExactLip can read (sparse and string constants are not supported); export the model with a dense numeric constant");
        }

        context.SetConstant(node.Output[0], value.RequireFinite(node.Output[0], context.File));
    }
}

using ExactLip.Import.Onnx.Proto;
using ExactLip.Network.Layers;

namespace ExactLip.Import.Onnx.Operators;

/// <summary>Relu: a <see cref="ReluLayer"/> on the activation, or folded on a constant.</summary>
internal sealed class ReluOperator : IOnnxOperator
{
    public void Convert(NodeProto node, ImportContext context)
    {
        if (context.IsConstant(node.Input[0]))
        {
            var c = context.Constant(node, 0, "input");
            context.SetConstant(node.Output[0], new OnnxTensor(c.Shape, c.Data.Select(v => Math.Max(v, 0)).ToArray(), c.IsInteger));
            return;
        }

        var x = context.Activation(node, 0);
        context.Emit(node, new ReluLayer(context.SampleShape(x.Shape)), x.Shape);
    }
}

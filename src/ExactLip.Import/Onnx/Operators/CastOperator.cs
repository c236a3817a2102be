using ExactLip.Import.Onnx.Proto;
using ExactLip.Network.Layers;

namespace ExactLip.Import.Onnx.Operators;

/// <summary>
/// Cast: folded on constants (to float32 rounds, to an integer type truncates); on the
/// activation only a cast to a floating-point type is accepted, as an identity layer, since
/// ExactLip computes in float64 throughout.
/// </summary>
internal sealed class CastOperator : IOnnxOperator
{
    public void Convert(NodeProto node, ImportContext context)
    {
        var to = checked((int)NodeAttributes.Int(node, "to", 1));
        var toFloat = to is 1 or 10 or 11;
        if (context.IsConstant(node.Input[0]))
        {
            var c = context.Constant(node, 0, "input");
            var data = c.Data.Select(v => to switch
            {
                1 => (float)v,
                11 => v,
                10 => (double)(Half)v,
                9 => v != 0 ? 1 : 0,
                _ => Math.Truncate(v),
            }).ToArray();
            context.SetConstant(node.Output[0], new OnnxTensor(c.Shape, data, !toFloat));
            return;
        }

        var x = context.Activation(node, 0);
        if (!toFloat)
        {
            throw context.Error(node, $"casts the network's activation to element type {to}, which is not differentiable; export the model without the cast");
        }

        context.Emit(node, new ReshapeLayer(context.SampleShape(x.Shape), context.SampleShape(x.Shape), "cast"), x.Shape);
    }
}

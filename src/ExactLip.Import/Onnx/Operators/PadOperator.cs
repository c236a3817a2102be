using ExactLip.Import.Onnx.Proto;
using ExactLip.Network.Layers;

namespace ExactLip.Import.Onnx.Operators;

/// <summary>
/// Pad with constant zeros → <see cref="PadLayer"/>. Pads come from the attribute before
/// opset 11 and from the second input after; a Pad that pads nothing is a no-op and adds no
/// layer (the verivital average-pooling network has one).
/// </summary>
internal sealed class PadOperator : IOnnxOperator
{
    public void Convert(NodeProto node, ImportContext context)
    {
        var x = context.Activation(node, 0);
        var rank = x.Shape.Length;
        long[] pads;
        double value;
        if (context.Opset >= 11)
        {
            pads = context.Constant(node, 1, "pads").AsLongs();
            value = context.OptionalConstant(node, 2, "constant_value")?.Data.FirstOrDefault() ?? 0;
            if (context.OptionalConstant(node, 3, "axes") is { } axesTensor)
            {
                pads = Expand(node, context, pads, axesTensor.AsLongs(), rank);
            }
        }
        else
        {
            pads = NodeAttributes.Ints(node, "pads") ?? NodeAttributes.Ints(node, "paddings") ?? throw context.Error(node, "has no pads attribute; re-export the model");
            value = context.Float(node, "value", 0f);
        }

        if (pads.Length != 2 * rank)
        {
            throw context.Error(node, $"has {pads.Length} pads for a tensor of rank {rank}; re-export the model");
        }

        if (pads.All(p => p == 0))
        {
            context.Alias(node, x);
            return;
        }

        var mode = NodeAttributes.String(node, "mode", "constant");
        if (mode != "constant" || value != 0)
        {
            throw context.Error(node, $"pads in mode '{mode}' with value {value}, but ExactLip supports constant zero padding only; export the model with zero padding");
        }

        if (pads.Any(p => p < 0))
        {
            throw context.Error(node, "has negative pads (cropping), which ExactLip does not support; export the model with non-negative pads");
        }

        var begin = pads[..rank].Select(p => checked((int)p)).ToArray();
        var end = pads[rank..].Select(p => checked((int)p)).ToArray();
        var outShape = x.Shape.Select((d, a) => d + begin[a] + end[a]).ToArray();
        if (context.DropsBatch(x.Shape) && begin[0] == 0 && end[0] == 0)
        {
            begin = begin[1..];
            end = end[1..];
        }
        else if (context.DropsBatch(x.Shape))
        {
            throw context.Error(node, "pads the batch axis; export the model without batch padding");
        }

        context.Emit(node, new PadLayer(context.SampleShape(x.Shape), begin, end), outShape);
    }

    private static long[] Expand(NodeProto node, ImportContext context, long[] pads, long[] axes, int rank)
    {
        if (pads.Length != 2 * axes.Length)
        {
            throw context.Error(node, $"has {pads.Length} pads for {axes.Length} axes; re-export the model");
        }

        var full = new long[2 * rank];
        for (var i = 0; i < axes.Length; i++)
        {
            var a = checked((int)(axes[i] < 0 ? axes[i] + rank : axes[i]));
            full[a] = pads[i];
            full[a + rank] = pads[i + axes.Length];
        }

        return full;
    }
}

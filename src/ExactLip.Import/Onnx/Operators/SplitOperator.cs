using ExactLip.Import.Onnx.Proto;

namespace ExactLip.Import.Onnx.Operators;

/// <summary>
/// Split along an axis into parts given by the split input (opset 13 on), the split attribute
/// (before), or equal parts (num_outputs from opset 18, else one per output). On constants every
/// part folds; on an activation the parts read later become tensors of the network, copied out
/// of it by one layer (<see cref="LiveTensors"/>).
/// </summary>
internal sealed class SplitOperator : IOnnxOperator
{
    public void Convert(NodeProto node, ImportContext context)
    {
        var (data, activation, shape) = Selection.Input(node, context, 0, "input");
        var rank = shape.Length;
        var axisAttr = NodeAttributes.Int(node, "axis", 0);
        var axis = checked((int)(axisAttr < 0 ? axisAttr + rank : axisAttr));
        if (axis < 0 || axis >= rank)
        {
            throw context.Error(node, $"has axis {axisAttr} outside a tensor of rank {rank}; re-export the model");
        }

        var sizes = Sizes(node, context, shape[axis]);
        var parts = new List<(string, int[], IReadOnlyList<IReadOnlyList<(Activation, int, double)>>, double[], bool)>();
        var start = 0;
        for (var k = 0; k < node.Output.Count; k++)
        {
            var picks = Selection.All(shape);
            picks[axis] = Enumerable.Range(start, checked((int)sizes[k])).ToArray();
            start += checked((int)sizes[k]);
            var partShape = picks.Select(p => p.Length).ToArray();
            var source = Selection.Source(shape, picks);
            if (data is not null)
            {
                context.SetConstant(node.Output[k], Selection.Fold(data, partShape, source));
            }
            else if (node.Output[k].Length > 0 && context.Consumed.Contains(node.Output[k]))
            {
                var rows = source.Select(s => (IReadOnlyList<(Activation, int, double)>)new[] { (activation!, s, 1.0) }).ToList();
                parts.Add((node.Output[k], partShape, rows, new double[rows.Count], activation!.NonNegative));
            }
        }

        if (parts.Count > 0)
        {
            // Every part read later is a tensor of its own; the layer only copies values.
            context.EmitMap(node, parts, "split");
        }
    }

    private static long[] Sizes(NodeProto node, ImportContext context, int length)
    {
        var sizes = context.Opset >= 13 || context.HasInput(node, 1)
            ? context.OptionalConstant(node, 1, "split")?.AsLongs()
            : NodeAttributes.Ints(node, "split");
        if (sizes is null)
        {
            // Equal parts, the last one smaller when the axis does not divide (opset 18).
            var parts = node.Output.Count;
            var size = (length + parts - 1) / parts;
            sizes = Enumerable.Range(0, parts).Select(k => (long)Math.Max(0, Math.Min(size, length - (k * size)))).ToArray();
        }

        if (sizes.Length != node.Output.Count || sizes.Any(s => s < 0) || sizes.Sum() != length)
        {
            throw context.Error(node, $"splits an axis of size {length} into parts [{string.Join(",", sizes)}] for {node.Output.Count} outputs; re-export the model");
        }

        return sizes;
    }
}

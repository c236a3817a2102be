using ExactLip.Import.Onnx.Proto;

namespace ExactLip.Import.Onnx.Operators;

/// <summary>
/// Gather with constant indices: out = data.take(indices, axis). Folded on constant data (shape
/// arithmetic); on the activation a selection layer (<see cref="Selection"/>).
/// </summary>
internal sealed class GatherOperator : IOnnxOperator
{
    public void Convert(NodeProto node, ImportContext context)
    {
        var (data, activation, dataShape) = Selection.Input(node, context, 0, "data");
        var indices = context.Constant(node, 1, "indices");
        var rank = dataShape.Length;
        var axisAttr = NodeAttributes.Int(node, "axis", 0);
        var axis = checked((int)(axisAttr < 0 ? axisAttr + rank : axisAttr));
        if (axis < 0 || axis >= rank)
        {
            throw context.Error(node, $"has axis {axisAttr} outside a tensor of rank {rank}; re-export the model");
        }

        var outer = dataShape[..axis].Aggregate(1, (p, d) => p * d);
        var inner = dataShape[(axis + 1)..].Aggregate(1, (p, d) => p * d);
        var n = dataShape[axis];
        var source = new List<int>();
        for (var o = 0; o < outer; o++)
        {
            foreach (var raw in indices.AsLongs())
            {
                var idx = raw < 0 ? raw + n : raw;
                if (idx < 0 || idx >= n)
                {
                    throw context.Error(node, $"has index {raw} outside an axis of size {n}; re-export the model");
                }

                for (var i = 0; i < inner; i++)
                {
                    source.Add((((o * n) + (int)idx) * inner) + i);
                }
            }
        }

        var shape = dataShape[..axis].Concat(indices.Shape).Concat(dataShape[(axis + 1)..]).ToArray();
        if (data is not null)
        {
            context.SetConstant(node.Output[0], Selection.Fold(data, shape, source.ToArray()));
            return;
        }

        Selection.Emit(node, context, activation!, shape, source.ToArray(), "gather");
    }
}

using ExactLip.Import.Onnx.Proto;

namespace ExactLip.Import.Onnx.Operators;

/// <summary>Gather on constants (shape arithmetic): out = data.take(indices, axis).</summary>
internal sealed class GatherOperator : IOnnxOperator
{
    public void Convert(NodeProto node, ImportContext context)
    {
        var data = context.Constant(node, 0, "data");
        var indices = context.Constant(node, 1, "indices");
        var rank = data.Rank;
        var axisAttr = NodeAttributes.Int(node, "axis", 0);
        var axis = (int)(axisAttr < 0 ? axisAttr + rank : axisAttr);
        if (axis < 0 || axis >= rank)
        {
            throw context.Error(node, $"has axis {axisAttr} outside a tensor of rank {rank}; re-export the model");
        }

        var outer = data.Shape[..axis].Aggregate(1, (p, d) => p * d);
        var inner = data.Shape[(axis + 1)..].Aggregate(1, (p, d) => p * d);
        var n = data.Shape[axis];
        var result = new List<double>();
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
                    result.Add(data.Data[(((o * n) + (int)idx) * inner) + i]);
                }
            }
        }

        var shape = data.Shape[..axis].Concat(indices.Shape).Concat(data.Shape[(axis + 1)..]).ToArray();
        context.SetConstant(node.Output[0], new OnnxTensor(shape, result.ToArray(), data.IsInteger));
    }
}

using ExactLip.Import.Onnx.Proto;

namespace ExactLip.Import.Onnx.Operators;

/// <summary>Concat of constants (shape arithmetic); concatenating the activation would branch and is rejected.</summary>
internal sealed class ConcatOperator : IOnnxOperator
{
    public void Convert(NodeProto node, ImportContext context)
    {
        var parts = Enumerable.Range(0, node.Input.Count).Select(i => context.Constant(node, i, "input")).ToList();
        var rank = parts[0].Rank;
        var axisAttr = NodeAttributes.Int(node, "axis", 0);
        var axis = (int)(axisAttr < 0 ? axisAttr + rank : axisAttr);
        if (axis < 0 || axis >= rank || parts.Any(p => p.Rank != rank))
        {
            throw context.Error(node, $"concatenates tensors of different ranks or on axis {axisAttr}; re-export the model");
        }

        var outer = parts[0].Shape[..axis].Aggregate(1, (p, d) => p * d);
        var result = new List<double>();
        for (var o = 0; o < outer; o++)
        {
            foreach (var p in parts)
            {
                var block = p.Size / Math.Max(outer, 1);
                result.AddRange(p.Data.Skip(o * block).Take(block));
            }
        }

        var shape = (int[])parts[0].Shape.Clone();
        shape[axis] = parts.Sum(p => p.Shape[axis]);
        context.SetConstant(node.Output[0], new OnnxTensor(shape, result.ToArray(), parts.All(p => p.IsInteger)));
    }
}

using ExactLip.Import.Onnx.Proto;

namespace ExactLip.Import.Onnx.Operators;

/// <summary>
/// Concat: folded when every input is a constant (shape arithmetic). With the activation among
/// its inputs (alone or next to constants), each output element copies an element of the
/// activation or is a constant: a selection layer with a bias (<see cref="Selection"/>).
/// Concatenating two different activations joins two branches and is refused.
/// </summary>
internal sealed class ConcatOperator : IOnnxOperator
{
    public void Convert(NodeProto node, ImportContext context)
    {
        var activations = node.Input.Where(context.IsActivation).Distinct(StringComparer.Ordinal).ToList();
        if (activations.Count > 1)
        {
            throw context.JoinsActivations(node, "concatenates");
        }

        var x = activations.Count == 1 ? context.Activation(node, node.Input.IndexOf(activations[0])) : null;
        var shapes = node.Input.Select((name, i) => name == activations.FirstOrDefault() ? x!.Shape : context.Constant(node, i, "input").Shape).ToList();
        var rank = shapes[0].Length;
        var axisAttr = NodeAttributes.Int(node, "axis", 0);
        var axis = (int)(axisAttr < 0 ? axisAttr + rank : axisAttr);
        if (axis < 0 || axis >= rank || shapes.Any(s => s.Length != rank)
            || shapes.Any(s => !s.Where((d, a) => a != axis).SequenceEqual(shapes[0].Where((d, a) => a != axis))))
        {
            throw context.Error(node, $"concatenates tensors of shapes {string.Join(" ", shapes.Select(s => $"[{string.Join(",", s)}]"))} on axis {axisAttr}; re-export the model");
        }

        // Output element by element: −1 − k for element k of the constants laid end to end,
        // or the flat index into the activation.
        var outer = shapes[0][..axis].Aggregate(1, (p, d) => p * d);
        var source = new List<int>();
        var constants = new List<double>();
        for (var o = 0; o < outer; o++)
        {
            for (var i = 0; i < node.Input.Count; i++)
            {
                var block = OnnxTensor.ShapeSize(shapes[i]) / Math.Max(outer, 1);
                if (x is not null && node.Input[i] == activations[0])
                {
                    source.AddRange(Enumerable.Range(o * block, block));
                    continue;
                }

                foreach (var v in context.Constant(node, i, "input").Data.Skip(o * block).Take(block))
                {
                    source.Add(-1 - constants.Count);
                    constants.Add(v);
                }
            }
        }

        var shape = (int[])shapes[0].Clone();
        shape[axis] = shapes.Sum(s => s[axis]);
        if (x is null)
        {
            var parts = Enumerable.Range(0, node.Input.Count).Select(i => context.Constant(node, i, "input")).ToList();
            context.SetConstant(node.Output[0], new OnnxTensor(shape, constants.ToArray(), parts.All(p => p.IsInteger)));
            return;
        }

        var fill = source.Select(s => s < 0 ? constants[-1 - s] : 0).ToArray();
        Selection.Emit(node, context, x, shape, source.Select(s => Math.Max(s, -1)).ToArray(), "concat", fill);
    }
}

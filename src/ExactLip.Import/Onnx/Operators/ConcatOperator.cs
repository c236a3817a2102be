using ExactLip.Import.Onnx.Proto;

namespace ExactLip.Import.Onnx.Operators;

/// <summary>
/// Concat: folded when every input is a constant (shape arithmetic). With activations among its
/// inputs (one, or several branches, next to constants), each output element copies an element
/// of an activation or is a constant: one layer of copies and a bias (<see cref="LiveTensors"/>),
/// exact because it computes nothing.
/// </summary>
internal sealed class ConcatOperator : IOnnxOperator
{
    public void Convert(NodeProto node, ImportContext context)
    {
        var inputs = node.Input.Select((name, i) => context.IsActivation(name)
            ? (Activation: context.Activation(node, i), Constant: (OnnxTensor?)null)
            : (Activation: (Activation?)null, Constant: context.Constant(node, i, "input"))).ToList();
        var shapes = inputs.Select(p => p.Activation?.Shape ?? p.Constant!.Shape).ToList();
        var rank = shapes[0].Length;
        var axisAttr = NodeAttributes.Int(node, "axis", 0);
        var axis = checked((int)(axisAttr < 0 ? axisAttr + rank : axisAttr));
        if (axis < 0 || axis >= rank || shapes.Any(s => s.Length != rank)
            || shapes.Any(s => !s.Where((d, a) => a != axis).SequenceEqual(shapes[0].Where((d, a) => a != axis))))
        {
            throw context.Error(node, $"concatenates tensors of shapes {string.Join(" ", shapes.Select(s => $"[{string.Join(",", s)}]"))} on axis {axisAttr}; re-export the model");
        }

        // Output element by element: an element of an activation, or a constant.
        var outer = shapes[0][..axis].Aggregate(1, (p, d) => p * d);
        var rows = new List<IReadOnlyList<(Activation, int, double)>>();
        var constants = new List<double>();
        for (var o = 0; o < outer; o++)
        {
            for (var i = 0; i < inputs.Count; i++)
            {
                var block = OnnxTensor.ShapeSize(shapes[i]) / Math.Max(outer, 1);
                if (inputs[i].Activation is { } x)
                {
                    rows.AddRange(Enumerable.Range(o * block, block).Select(s => (IReadOnlyList<(Activation, int, double)>)new[] { (x, s, 1.0) }));
                    constants.AddRange(new double[block]);
                    continue;
                }

                var values = inputs[i].Constant!.Data.Skip(o * block).Take(block).ToList();
                rows.AddRange(values.Select(_ => (IReadOnlyList<(Activation, int, double)>)Array.Empty<(Activation, int, double)>()));
                constants.AddRange(values);
            }
        }

        var shape = (int[])shapes[0].Clone();
        shape[axis] = shapes.Sum(s => s[axis]);
        if (inputs.All(p => p.Constant is not null))
        {
            context.SetConstant(node.Output[0], new OnnxTensor(shape, constants.ToArray(), inputs.All(p => p.Constant!.IsInteger)));
            return;
        }

        var nonNegative = inputs.All(p => p.Activation?.NonNegative ?? p.Constant!.Data.All(v => v >= 0));
        context.EmitMap(node, new[] { (node.Output[0], shape, (IReadOnlyList<IReadOnlyList<(Activation, int, double)>>)rows, constants.ToArray(), nonNegative) }, "concat");
    }
}

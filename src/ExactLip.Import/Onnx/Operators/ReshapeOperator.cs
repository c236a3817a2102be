using ExactLip.Import.Onnx.Proto;
using ExactLip.Network.Layers;

namespace ExactLip.Import.Onnx.Operators;

/// <summary>
/// The operators that change only the shape: Flatten, Reshape (0 copies a dimension, −1 is
/// inferred), Squeeze and Unsqueeze (axes as attribute before opset 13, as input from 13),
/// Identity and Dropout (inference no-ops). On the activation each becomes a
/// <see cref="ReshapeLayer"/>; on a constant it folds.
/// </summary>
internal sealed class ReshapeOperator : IOnnxOperator
{
    public enum Kind
    {
        Identity,
        Flatten,
        Reshape,
        Squeeze,
        Unsqueeze,
    }

    private readonly Kind _kind;
    private readonly string _layerKind;

    public ReshapeOperator(Kind kind, string layerKind)
    {
        _kind = kind;
        _layerKind = layerKind;
    }

    public void Convert(NodeProto node, ImportContext context)
    {
        var isConstant = context.IsConstant(node.Input[0]);
        var inShape = isConstant ? context.Constant(node, 0, "input").Shape : context.Activation(node, 0).Shape;
        var outShape = _kind switch
        {
            Kind.Identity => inShape,
            Kind.Flatten => Flatten(node, context, inShape),
            Kind.Reshape => Reshape(node, context, inShape),
            Kind.Squeeze => Squeeze(node, context, inShape),
            _ => Unsqueeze(node, context, inShape),
        };

        if (isConstant)
        {
            context.SetConstant(node.Output[0], context.Constant(node, 0, "input").Reshape(outShape));
            return;
        }

        context.Emit(node, new ReshapeLayer(context.SampleShape(inShape), context.SampleShape(outShape), _layerKind), outShape);
    }

    private static int Axis(NodeProto node, ImportContext context, long axis, int rank)
    {
        var a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank)
        {
            throw context.Error(node, $"has axis {axis}, outside a tensor of rank {rank}; re-export the model");
        }

        return checked((int)a);
    }

    private static int[] Flatten(NodeProto node, ImportContext context, int[] shape)
    {
        // Flatten's axis may equal the rank (everything goes into the outer dimension).
        var axisAttr = NodeAttributes.Int(node, "axis", 1);
        var axis = checked((int)(axisAttr < 0 ? axisAttr + shape.Length : axisAttr));
        if (axis < 0 || axis > shape.Length)
        {
            throw context.Error(node, $"has axis {axisAttr}, outside a tensor of rank {shape.Length}; re-export the model");
        }

        var outer = shape[..axis].Aggregate(1, (p, d) => p * d);
        var inner = shape[axis..].Aggregate(1, (p, d) => p * d);
        return new[] { outer, inner };
    }

    private static int[] Reshape(NodeProto node, ImportContext context, int[] shape)
    {
        var target = context.Opset >= 5 || context.HasInput(node, 1)
            ? context.Constant(node, 1, "shape").AsLongs()
            : NodeAttributes.Ints(node, "shape") ?? throw context.Error(node, "has no shape attribute; re-export the model");
        var allowZero = NodeAttributes.Int(node, "allowzero", 0) != 0;
        var result = new int[target.Length];
        var infer = -1;
        for (var i = 0; i < target.Length; i++)
        {
            if (target[i] == -1)
            {
                if (infer >= 0)
                {
                    throw context.Error(node, "has more than one -1 in its target shape; re-export the model");
                }

                infer = i;
                result[i] = 1;
            }
            else if (target[i] == 0 && !allowZero)
            {
                result[i] = i < shape.Length ? shape[i] : throw context.Error(node, $"copies dimension {i} with 0, but its input has rank {shape.Length}; re-export the model");
            }
            else
            {
                result[i] = target[i] >= 0 ? checked((int)target[i]) : throw context.Error(node, $"has invalid target dimension {target[i]}; re-export the model");
            }
        }

        var size = OnnxTensor.ShapeSize(shape);
        var known = result.Aggregate(1, (p, d) => p * d);
        if (infer >= 0)
        {
            if (known == 0 || size % known != 0)
            {
                throw context.Error(node, $"cannot reshape [{string.Join(",", shape)}] to [{string.Join(",", target)}]; re-export the model");
            }

            result[infer] = size / known;
        }
        else if (known != size)
        {
            throw context.Error(node, $"cannot reshape [{string.Join(",", shape)}] ({size} values) to [{string.Join(",", result)}]; re-export the model");
        }

        return result;
    }

    private static long[]? Axes(NodeProto node, ImportContext context) =>
        context.Opset >= 13 || context.HasInput(node, 1)
            ? context.OptionalConstant(node, 1, "axes")?.AsLongs()
            : NodeAttributes.Ints(node, "axes");

    private static int[] Squeeze(NodeProto node, ImportContext context, int[] shape)
    {
        var axes = Axes(node, context);
        var drop = axes is null
            ? Enumerable.Range(0, shape.Length).Where(a => shape[a] == 1).ToHashSet()
            : axes.Select(a => Axis(node, context, a, shape.Length)).ToHashSet();
        foreach (var a in drop.Where(a => shape[a] != 1))
        {
            throw context.Error(node, $"squeezes axis {a} of size {shape[a]}, but only axes of size 1 can be squeezed; re-export the model");
        }

        return shape.Where((_, a) => !drop.Contains(a)).ToArray();
    }

    private static int[] Unsqueeze(NodeProto node, ImportContext context, int[] shape)
    {
        var axes = Axes(node, context) ?? throw context.Error(node, "has no axes; re-export the model");
        var rank = shape.Length + axes.Length;
        var insert = axes.Select(a => Axis(node, context, a, rank)).ToHashSet();
        var result = new int[rank];
        var next = 0;
        for (var a = 0; a < rank; a++)
        {
            result[a] = insert.Contains(a) ? 1 : shape[next++];
        }

        return result;
    }
}

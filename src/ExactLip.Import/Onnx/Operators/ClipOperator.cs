using ExactLip.Import.Onnx.Proto;
using ExactLip.Network;
using ExactLip.Network.Layers;

namespace ExactLip.Import.Onnx.Operators;

/// <summary>
/// Clip(x, a, b) with constant bounds (inputs from opset 11, attributes before; a missing bound
/// is no bound), written exactly through ReLUs (<see cref="ReluLowering"/>):
/// a + relu(x − a) − relu(x − b) with both bounds, max(x, a) = a + relu(x − a) with the lower
/// only, min(x, b) = b − relu(b − x) with the upper only, and no layer with neither. With
/// a &gt; b ONNX gives b everywhere, a constant layer. On a constant it folds.
/// </summary>
internal sealed class ClipOperator : IOnnxOperator
{
    public void Convert(NodeProto node, ImportContext context)
    {
        var (lo, hi) = Bounds(node, context);
        if (context.IsConstant(node.Input[0]))
        {
            var c = context.Constant(node, 0, "input");
            context.SetConstant(node.Output[0], new OnnxTensor(c.Shape, c.Data.Select(v => lo > hi ? hi : Math.Min(Math.Max(v, lo), hi)).ToArray(), c.IsInteger));
            return;
        }

        var x = context.Activation(node, 0);
        var n = OnnxTensor.ShapeSize(x.Shape);
        bool hasLo = !double.IsNegativeInfinity(lo), hasHi = !double.IsPositiveInfinity(hi);
        if (!hasLo && !hasHi)
        {
            context.Alias(node, x);
            return;
        }

        if (lo > hi)
        {
            var shape = context.SampleShape(x.Shape);
            var empty = SparseMatrix.FromRows(n, Enumerable.Range(0, n).Select(_ => (IReadOnlyList<(int, double)>)Array.Empty<(int, double)>()).ToList());
            context.Emit(node, new AffineLayer(shape, shape, empty, Enumerable.Repeat(hi, n).ToArray(), "clip"), x.Shape);
            return;
        }

        if (!hasHi || !hasLo)
        {
            ReluLowering.EmitMaxMin(node, context, x, x.Shape, Enumerable.Repeat(hasLo ? lo : hi, n).ToArray(), isMax: hasLo, "clip");
            return;
        }

        var hidden = Enumerable.Range(0, n).Select(i => new ReluLowering.Hidden(i, 1, -lo))
            .Concat(Enumerable.Range(0, n).Select(i => new ReluLowering.Hidden(i, 1, -hi))).ToList();
        var terms = Enumerable.Range(0, n).Select(i => (IReadOnlyList<(int, double)>)new[] { (i, 1.0), (n + i, -1.0) }).ToList();
        ReluLowering.Emit(node, context, x, x.Shape, hidden, terms, Enumerable.Repeat(lo, n).ToArray(), "clip");
    }

    private static (double Lo, double Hi) Bounds(NodeProto node, ImportContext context)
    {
        double lo, hi;
        if (context.Opset >= 11)
        {
            lo = Scalar(node, context, 1, "min") ?? double.NegativeInfinity;
            hi = Scalar(node, context, 2, "max") ?? double.PositiveInfinity;
        }
        else
        {
            // Before opset 11 the bounds are attributes that default to the float range.
            lo = NodeAttributes.Find(node, "min") is { } a && a.F > float.MinValue ? a.F : double.NegativeInfinity;
            hi = NodeAttributes.Find(node, "max") is { } b && b.F < float.MaxValue ? b.F : double.PositiveInfinity;
        }

        return (lo, hi);
    }

    private static double? Scalar(NodeProto node, ImportContext context, int index, string role)
    {
        var t = context.OptionalConstant(node, index, role);
        if (t is null)
        {
            return null;
        }

        if (t.Size != 1)
        {
            throw context.Error(node, $"has a {role} of {t.Size} values, but Clip takes a scalar; re-export the model");
        }

        return t.Data[0];
    }
}

using ExactLip.Import.Onnx.Proto;

namespace ExactLip.Import.Onnx.Operators;

/// <summary>
/// Slice: starts, ends, axes and steps from inputs (opset 10 on) or attributes (before), with
/// ONNX's clamping of out-of-range and sentinel indices and negative steps. Folded on a
/// constant (shape arithmetic); on the activation a selection layer (<see cref="Selection"/>).
/// </summary>
internal sealed class SliceOperator : IOnnxOperator
{
    public void Convert(NodeProto node, ImportContext context)
    {
        var (data, activation, dataShape) = Selection.Input(node, context, 0, "data");
        var rank = dataShape.Length;
        long[] starts, ends;
        long[]? axes, steps = null;
        if (context.Opset >= 10)
        {
            starts = context.Constant(node, 1, "starts").AsLongs();
            ends = context.Constant(node, 2, "ends").AsLongs();
            axes = context.OptionalConstant(node, 3, "axes")?.AsLongs();
            steps = context.OptionalConstant(node, 4, "steps")?.AsLongs();
        }
        else
        {
            starts = NodeAttributes.Ints(node, "starts") ?? throw context.Error(node, "has no starts; re-export the model");
            ends = NodeAttributes.Ints(node, "ends") ?? throw context.Error(node, "has no ends; re-export the model");
            axes = NodeAttributes.Ints(node, "axes");
        }

        axes ??= Enumerable.Range(0, starts.Length).Select(a => (long)a).ToArray();
        steps ??= Enumerable.Repeat(1L, starts.Length).ToArray();
        if (ends.Length != starts.Length || axes.Length != starts.Length || steps.Length != starts.Length)
        {
            throw context.Error(node, "has starts, ends, axes and steps of different lengths; re-export the model");
        }

        // Per axis: the selected indices along it.
        var picks = Selection.All(dataShape);
        for (var i = 0; i < starts.Length; i++)
        {
            var axis = checked((int)(axes[i] < 0 ? axes[i] + rank : axes[i]));
            if (axis < 0 || axis >= rank || steps[i] == 0)
            {
                throw context.Error(node, $"has axis {axes[i]} or step {steps[i]} that is invalid for rank {rank}; re-export the model");
            }

            long dim = dataShape[axis], step = steps[i];
            long start = starts[i] < 0 ? starts[i] + dim : starts[i];
            long end = ends[i] < 0 ? ends[i] + dim : ends[i];
            (start, end) = step > 0
                ? (Math.Clamp(start, 0, dim), Math.Clamp(end, 0, dim))
                : (Math.Clamp(start, 0, dim - 1), Math.Clamp(end, -1, dim - 1));
            var list = new List<int>();
            for (var k = start; step > 0 ? k < end : k > end; k += step)
            {
                list.Add((int)k);
            }

            picks[axis] = list.ToArray();
        }

        var shape = picks.Select(p => p.Length).ToArray();
        var source = Selection.Source(dataShape, picks);
        if (data is not null)
        {
            context.SetConstant(node.Output[0], Selection.Fold(data, shape, source));
            return;
        }

        Selection.Emit(node, context, activation!, shape, source, "slice");
    }
}

using ExactLip.Import.Onnx.Proto;

namespace ExactLip.Import.Onnx.Operators;

/// <summary>
/// Max or Min of two activations, with broadcasting, written through one ReLU per element:
/// max(a, b) = a + relu(b − a) and min(a, b) = a − relu(a − b), three layers (the difference,
/// the ReLU carrying a and the other live tensors, the sum) (<see cref="LiveTensors"/>).
/// In real arithmetic this is the operator. In float64 the chosen branch is a itself when
/// b ≤ a (a + 0), and a + fl(b − a) when b &gt; a, which can differ from b by one rounding:
/// the imported network, the evaluator every proof is about, computes the lowered form, and it
/// agrees with the model within that rounding (exactlip check-model compares with a tolerance).
/// </summary>
internal static class BranchMaxMin
{
    public static void Emit(NodeProto node, ImportContext context, bool isMax)
    {
        var (a, b, shape, sourceA, sourceB) = BranchPair.Read(node, context);
        var kind = isMax ? "max" : "min";
        var sign = isMax ? 1.0 : -1.0;

        // d = sign·(b − a), read by the ReLU; a stays carried until the sum reads it.
        context.Pin(a, pinned: true);
        var diff = sourceA.Select((s, o) => (IReadOnlyList<(Activation, int, double)>)new[] { (b, sourceB[o], sign), (a, s, -sign) }).ToList();
        context.EmitMap(node, new[] { ($"{node.Output[0]}#{kind}_diff", shape, (IReadOnlyList<IReadOnlyList<(Activation, int, double)>>)diff, new double[diff.Count], false) }, $"{kind}_diff");
        context.Emit(node, new Network.Layers.ReluLayer(context.SampleShape(shape)), shape);
        var r = context.Pending!;
        context.Pin(a, pinned: false);
        var sum = sourceA.Select((s, o) => (IReadOnlyList<(Activation, int, double)>)new[] { (a, s, 1.0), (r, o, sign) }).ToList();
        context.EmitMap(node, new[] { (node.Output[0], shape, (IReadOnlyList<IReadOnlyList<(Activation, int, double)>>)sum, new double[sum.Count], false) }, kind);
    }
}

using ExactLip.Import.Onnx.Proto;

namespace ExactLip.Import.Onnx.Operators;

/// <summary>
/// Add or Sub of two activations (a residual connection, or the difference of two branches),
/// with broadcasting: one affine layer whose output rows hold 1 and ±1 (<see cref="LiveTensors"/>).
/// Each output is the single float64 addition or subtraction the graph computes (0 + a is
/// exact). A tensor added to itself (x + x) reads one column twice; the entries sum to 2, and
/// 2·x is x + x exactly in float64; x − x becomes the empty row 0.
/// </summary>
internal static class BranchSum
{
    public static void Emit(NodeProto node, ImportContext context, bool subtract)
    {
        var (a, b, shape, sourceA, sourceB) = BranchPair.Read(node, context);
        var rows = sourceA.Select((s, o) => (IReadOnlyList<(Activation, int, double)>)new[] { (a, s, 1.0), (b, sourceB[o], subtract ? -1.0 : 1.0) }).ToList();
        var nonNegative = !subtract && a.NonNegative && b.NonNegative;
        context.EmitMap(node, new[] { (node.Output[0], shape, (IReadOnlyList<IReadOnlyList<(Activation, int, double)>>)rows, new double[rows.Count], nonNegative) }, subtract ? "sub" : "add");
    }
}

using ExactLip.Import.Onnx.Proto;
using ExactLip.Network;
using ExactLip.Network.Layers;

namespace ExactLip.Import.Onnx;

/// <summary>
/// Writes a piecewise-linear element-wise operator as an exact chain affine → ReLU → affine:
/// hidden unit k is relu(σₖ·x[sₖ] + βₖ), and output o is cₒ + Σ γₒₖ·hₖ. Clip, HardSigmoid,
/// Max/Min with a constant (and LeakyRelu with α outside [0, 1)) are such sums in real arithmetic, so the chain is the operator, with
/// one ReLU (one binary in the MIP, one split in branch and bound) per kink. Every engine and
/// estimator then handles the operator as it handles ReLU, and every proof about the chain is a
/// proof about the operator.
/// Implementation note: the float64 forward of the chain may differ from the operator's own
/// float64 formula by a rounding (e.g. Clip's a + (x − a) in its middle piece); that is the
/// evaluation error the rounding-aware passes already bound, not a change of the function.
/// </summary>
internal static class ReluLowering
{
    /// <summary>One hidden unit: relu(Sign·x[Source] + Offset).</summary>
    public readonly record struct Hidden(int Source, double Sign, double Offset);

    /// <summary>
    /// Appends the three layers; <paramref name="terms"/> gives each output's (hidden unit,
    /// weight) pairs and <paramref name="constant"/> its constant. The layers are named
    /// <paramref name="kind"/>_split, relu and <paramref name="kind"/>_join.
    /// </summary>
    public static void Emit(NodeProto node, ImportContext context, Activation x, int[] outShape, IReadOnlyList<Hidden> hidden, IReadOnlyList<IReadOnlyList<(int Column, double Value)>> terms, double[] constant, string kind)
    {
        var inShape = context.SampleShape(x.Shape);
        var hiddenShape = Shape.Vector(hidden.Count);
        var splitRows = hidden.Select(h => (IReadOnlyList<(int, double)>)new[] { (h.Source, h.Sign) }).ToList();
        var split = new AffineLayer(inShape, hiddenShape, SparseMatrix.FromRows(inShape.Size, splitRows), hidden.Select(h => h.Offset).ToArray(), $"{kind}_split");
        var join = new AffineLayer(hiddenShape, context.SampleShape(outShape), SparseMatrix.FromRows(hidden.Count, terms), constant, $"{kind}_join");
        context.Emit(node, split, new[] { hidden.Count });
        context.Emit(node, new ReluLayer(hiddenShape), new[] { hidden.Count });
        context.Emit(node, join, outShape);
    }

    /// <summary>
    /// max(x, c) = c + relu(x − c) (<paramref name="isMax"/>) and min(x, c) = c − relu(c − x),
    /// element-wise with c broadcast to <paramref name="outShape"/>.
    /// </summary>
    public static void EmitMaxMin(NodeProto node, ImportContext context, Activation x, int[] outShape, double[] c, bool isMax, string kind)
    {
        var source = Broadcasting.SourceIndices(x.Shape, outShape);
        var hidden = source.Select((s, o) => isMax ? new Hidden(s, 1, -c[o]) : new Hidden(s, -1, c[o])).ToList();
        var terms = source.Select((_, o) => (IReadOnlyList<(int, double)>)new[] { (o, isMax ? 1.0 : -1.0) }).ToList();
        Emit(node, context, x, outShape, hidden, terms, c, kind);
    }
}

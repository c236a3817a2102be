using ExactLip.Import.Onnx.Proto;

namespace ExactLip.Import.Onnx.Operators;

/// <summary>
/// The two activations an elementwise join of branches reads (<see cref="BranchSum"/>,
/// <see cref="BranchMaxMin"/>), their broadcast shape, and for each output element the element
/// of each input it reads.
/// </summary>
internal static class BranchPair
{
    public static (Activation A, Activation B, int[] Shape, int[] SourceA, int[] SourceB) Read(NodeProto node, ImportContext context)
    {
        var a = context.Activation(node, 0);
        var b = context.Activation(node, 1);
        var shape = Broadcasting.Shape(a.Shape, b.Shape)
            ?? throw context.Error(node, $"cannot broadcast shapes [{string.Join(",", a.Shape)}] and [{string.Join(",", b.Shape)}]; re-export the model");
        return (a, b, shape, Broadcasting.SourceIndices(a.Shape, shape), Broadcasting.SourceIndices(b.Shape, shape));
    }
}

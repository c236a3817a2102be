using ExactLip.Import.Onnx.Operators;

namespace ExactLip.Import.Onnx;

/// <summary>
/// The ONNX operators ExactLip imports, by name. Listed explicitly rather than discovered, so
/// the supported set is read here and printed in the error for any other operator.
/// Shape, Gather, Concat, Slice, ConstantOfShape and Cast exist for the shape arithmetic
/// that exporters emit, and fold on constants.
/// </summary>
internal static class OnnxOperators
{
    public static readonly IReadOnlyDictionary<string, IOnnxOperator> Table = new Dictionary<string, IOnnxOperator>(StringComparer.Ordinal)
    {
        ["Add"] = new ElementwiseOperator(ElementwiseOperator.Op.Add),
        ["AveragePool"] = new PoolOperator(isMax: false),
        ["BatchNormalization"] = new BatchNormOperator(),
        ["Cast"] = new CastOperator(),
        ["Concat"] = new ConcatOperator(),
        ["Constant"] = new ConstantOperator(),
        ["ConstantOfShape"] = new ConstantOfShapeOperator(),
        ["Conv"] = new ConvOperator(),
        ["Div"] = new ElementwiseOperator(ElementwiseOperator.Op.Div),
        ["Dropout"] = new ReshapeOperator(ReshapeOperator.Kind.Identity, "dropout"),
        ["Flatten"] = new ReshapeOperator(ReshapeOperator.Kind.Flatten, "flatten"),
        ["Gather"] = new GatherOperator(),
        ["Gemm"] = new GemmOperator(),
        ["Identity"] = new ReshapeOperator(ReshapeOperator.Kind.Identity, "identity"),
        ["MatMul"] = new MatMulOperator(),
        ["MaxPool"] = new PoolOperator(isMax: true),
        ["Mul"] = new ElementwiseOperator(ElementwiseOperator.Op.Mul),
        ["Pad"] = new PadOperator(),
        ["Relu"] = new ReluOperator(),
        ["Reshape"] = new ReshapeOperator(ReshapeOperator.Kind.Reshape, "reshape"),
        ["Shape"] = new ShapeOperator(),
        ["Slice"] = new SliceOperator(),
        ["Squeeze"] = new ReshapeOperator(ReshapeOperator.Kind.Squeeze, "squeeze"),
        ["Sub"] = new ElementwiseOperator(ElementwiseOperator.Op.Sub),
        ["Transpose"] = new TransposeOperator(),
        ["Unsqueeze"] = new ReshapeOperator(ReshapeOperator.Kind.Unsqueeze, "unsqueeze"),
    };
}

using ExactLip.Import.Onnx.Operators;

namespace ExactLip.Import.Onnx;

/// <summary>
/// The ONNX operators ExactLip imports, by name. Listed explicitly rather than discovered, so
/// the supported set is read here and printed in the error for any other operator.
/// Shape, Gather, Concat, Slice, ConstantOfShape and Cast fold on constants (the shape
/// arithmetic that exporters emit); Gather, Concat, Slice and Split on activations select
/// their elements. LeakyRelu with 0 ≤ α &lt; 1 is a ReLU layer with that negative slope; Clip, Max
/// and Min with constants, HardSigmoid (and LeakyRelu with another α) are written as exact
/// chains through ReLUs; Add, Sub, Max and Min of two activations join branches
/// (<see cref="LiveTensors"/>).
/// </summary>
internal static class OnnxOperators
{
    public static readonly IReadOnlyDictionary<string, IOnnxOperator> Table = new Dictionary<string, IOnnxOperator>(StringComparer.Ordinal)
    {
        ["Add"] = new ElementwiseOperator(ElementwiseOperator.Op.Add),
        ["AveragePool"] = new PoolOperator(isMax: false),
        ["BatchNormalization"] = new BatchNormOperator(),
        ["Cast"] = new CastOperator(),
        ["Clip"] = new ClipOperator(),
        ["Concat"] = new ConcatOperator(),
        ["Constant"] = new ConstantOperator(),
        ["ConstantOfShape"] = new ConstantOfShapeOperator(),
        ["Conv"] = new ConvOperator(),
        ["Div"] = new ElementwiseOperator(ElementwiseOperator.Op.Div),
        ["Dropout"] = new ReshapeOperator(ReshapeOperator.Kind.Identity, "dropout"),
        ["Flatten"] = new ReshapeOperator(ReshapeOperator.Kind.Flatten, "flatten"),
        ["Gather"] = new GatherOperator(),
        ["Gemm"] = new GemmOperator(),
        ["GlobalAveragePool"] = new GlobalAveragePoolOperator(),
        ["HardSigmoid"] = new HardSigmoidOperator(),
        ["Identity"] = new ReshapeOperator(ReshapeOperator.Kind.Identity, "identity"),
        ["LeakyRelu"] = new LeakyReluOperator(),
        ["MatMul"] = new MatMulOperator(),
        ["Max"] = new MaxMinOperator(isMax: true),
        ["MaxPool"] = new PoolOperator(isMax: true),
        ["Min"] = new MaxMinOperator(isMax: false),
        ["Mul"] = new ElementwiseOperator(ElementwiseOperator.Op.Mul),
        ["Pad"] = new PadOperator(),
        ["Relu"] = new ReluOperator(),
        ["Reshape"] = new ReshapeOperator(ReshapeOperator.Kind.Reshape, "reshape"),
        ["Shape"] = new ShapeOperator(),
        ["Slice"] = new SliceOperator(),
        ["Split"] = new SplitOperator(),
        ["Squeeze"] = new ReshapeOperator(ReshapeOperator.Kind.Squeeze, "squeeze"),
        ["Sub"] = new ElementwiseOperator(ElementwiseOperator.Op.Sub),
        ["Transpose"] = new TransposeOperator(),
        ["Unsqueeze"] = new ReshapeOperator(ReshapeOperator.Kind.Unsqueeze, "unsqueeze"),
    };

    /// <summary>
    /// Operators that are not piecewise linear: the exact method, which enumerates the linear
    /// pieces of the network, does not apply to them, and the refusal says so.
    /// </summary>
    public static readonly IReadOnlySet<string> NotPiecewiseLinear = new HashSet<string>(StringComparer.Ordinal)
    {
        "Celu", "Elu", "Erf", "Exp", "Gelu", "HardSwish", "Log", "LogSoftmax", "Mish", "Pow", "Reciprocal", "Selu",
        "Sigmoid", "Softmax", "Softplus", "Softsign", "Sqrt", "Tanh",
    };
}

namespace ExactLip.Network.Layers;

/// <summary>
/// A change of shape that leaves the flat row-major vector as it is: ONNX Flatten, Reshape,
/// Squeeze, Unsqueeze, and the inference no-ops Identity and Dropout. Kept as a layer so the
/// imported network mirrors its file; <see cref="Network.Simplify"/> fuses it away.
/// </summary>
public sealed class ReshapeLayer : LinearLayer
{
    public ReshapeLayer(Shape inputShape, Shape outputShape, string kind = "reshape")
        : base(inputShape, outputShape)
    {
        if (inputShape.Size != outputShape.Size)
        {
            throw new ArgumentException($"Cannot reshape {inputShape} ({inputShape.Size} values) to {outputShape} ({outputShape.Size} values).");
        }

        Kind = kind;
    }

    public override string Kind { get; }

    public override void Forward(ReadOnlySpan<double> x, Span<double> y) => x.CopyTo(y);

    public override void Backward(ReadOnlySpan<double> x, ReadOnlySpan<double> dy, Span<double> dx) => dy.CopyTo(dx);

    protected override SparseMatrix BuildMatrix() => SparseMatrix.Identity(InputSize);

    protected override double[] BuildBias() => new double[OutputSize];
}

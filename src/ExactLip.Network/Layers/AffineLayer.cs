namespace ExactLip.Network.Layers;

/// <summary>
/// A general affine map given by its matrix and bias: dense Gemm/MatMul weights, and the
/// fusion of several consecutive linear operators (see <see cref="Network.Simplify"/>).
/// </summary>
public sealed class AffineLayer : LinearLayer
{
    private readonly SparseMatrix _matrix;
    private readonly double[] _bias;

    public AffineLayer(Shape inputShape, Shape outputShape, SparseMatrix matrix, double[] bias, string kind = "dense")
        : base(inputShape, outputShape)
    {
        if (matrix.Rows != outputShape.Size || matrix.Columns != inputShape.Size || bias.Length != outputShape.Size)
        {
            throw new ArgumentException($"Affine layer shapes disagree: matrix {matrix.Rows}x{matrix.Columns}, input {inputShape}, output {outputShape}, bias {bias.Length}.");
        }

        _matrix = matrix;
        _bias = bias;
        Kind = kind;
    }

    /// <summary>A dense layer y = W x + b with W given row-major (out × in).</summary>
    public static AffineLayer Dense(int inputs, int outputs, ReadOnlySpan<double> weightsRowMajor, double[] bias) =>
        new(Shape.Vector(inputs), Shape.Vector(outputs), SparseMatrix.FromDense(outputs, inputs, weightsRowMajor), bias);

    public override string Kind { get; }

    protected override SparseMatrix BuildMatrix() => _matrix;

    protected override double[] BuildBias() => _bias;
}

namespace ExactLip.Network.Layers;

/// <summary>
/// y_i = scale_i·x_i + shift_i: inference-mode BatchNormalization and Add/Sub/Mul/Div by
/// constants, with any broadcasting already expanded to one scale and shift per element.
/// </summary>
public sealed class ElementwiseAffineLayer : LinearLayer
{
    private readonly double[] _scale;
    private readonly double[] _shift;

    public ElementwiseAffineLayer(Shape shape, double[] scale, double[] shift, string kind = "scale")
        : base(shape, shape)
    {
        if (scale.Length != shape.Size || shift.Length != shape.Size)
        {
            throw new ArgumentException($"Element-wise affine layer of shape {shape} needs {shape.Size} scales and shifts, got {scale.Length} and {shift.Length}.");
        }

        _scale = scale;
        _shift = shift;
        Kind = kind;
    }

    public override string Kind { get; }

    public IReadOnlyList<double> Scale => _scale;

    public IReadOnlyList<double> Shift => _shift;

    protected override SparseMatrix BuildMatrix()
    {
        var start = new int[OutputSize + 1];
        var cols = new List<int>(OutputSize);
        var vals = new List<double>(OutputSize);
        for (var i = 0; i < OutputSize; i++)
        {
            if (_scale[i] != 0)
            {
                cols.Add(i);
                vals.Add(_scale[i]);
            }

            start[i + 1] = cols.Count;
        }

        return new SparseMatrix(OutputSize, InputSize, start, cols.ToArray(), vals.ToArray());
    }

    protected override double[] BuildBias() => (double[])_shift.Clone();
}

namespace ExactLip.Network.Layers;

/// <summary>
/// Constant zero padding of the activation tensor (ONNX Pad, mode constant, value 0): axis a
/// gains <c>begin[a]</c> zeros before and <c>end[a]</c> after. Each output row of the matrix is
/// either one input entry or empty.
/// </summary>
public sealed class PadLayer : LinearLayer
{
    private readonly int[] _begin;
    private readonly int[] _end;

    public PadLayer(Shape inputShape, int[] begin, int[] end)
        : base(inputShape, OutputShapeOf(inputShape, begin, end))
    {
        _begin = (int[])begin.Clone();
        _end = (int[])end.Clone();
    }

    public override string Kind => "pad";

    public IReadOnlyList<int> Begin => _begin;

    public IReadOnlyList<int> End => _end;

    private static Shape OutputShapeOf(Shape input, int[] begin, int[] end)
    {
        if (begin.Length != input.Rank || end.Length != input.Rank || begin.Any(p => p < 0) || end.Any(p => p < 0))
        {
            throw new ArgumentException($"Pads must be {input.Rank} non-negative numbers per side for {input}.");
        }

        return new Shape(input.Dims.Select((d, a) => d + begin[a] + end[a]).ToArray());
    }

    protected override SparseMatrix BuildMatrix()
    {
        var rank = InputShape.Rank;
        var inDims = InputShape.Dims;
        var outDims = OutputShape.Dims;
        var index = new int[rank];
        var start = new int[OutputSize + 1];
        var cols = new List<int>(InputSize);
        for (var o = 0; o < OutputSize; o++)
        {
            var col = 0;
            var inside = true;
            for (var a = 0; a < rank; a++)
            {
                var i = index[a] - _begin[a];
                if (i < 0 || i >= inDims[a])
                {
                    inside = false;
                    break;
                }

                col = (col * inDims[a]) + i;
            }

            if (inside)
            {
                cols.Add(col);
            }

            start[o + 1] = cols.Count;
            for (var a = rank - 1; a >= 0; a--)
            {
                if (++index[a] < outDims[a])
                {
                    break;
                }

                index[a] = 0;
            }
        }

        return new SparseMatrix(OutputSize, InputSize, start, cols.ToArray(), Enumerable.Repeat(1.0, cols.Count).ToArray());
    }

    protected override double[] BuildBias() => new double[OutputSize];
}

namespace ExactLip.Network.Layers;

/// <summary>
/// A transpose of the activation tensor (ONNX Transpose): output axis a is input axis
/// perm[a], so out[i₀, …] = in[j] with j_{perm[a]} = i_a. For example an NHWC input becomes
/// NCHW. The matrix is a permutation: one entry 1 per row.
/// </summary>
public sealed class PermutationLayer : LinearLayer
{
    private readonly int[] _perm;

    public PermutationLayer(Shape inputShape, int[] perm)
        : base(inputShape, OutputShapeOf(inputShape, perm))
    {
        _perm = (int[])perm.Clone();
    }

    public override string Kind => "transpose";

    public IReadOnlyList<int> Permutation => _perm;

    private static Shape OutputShapeOf(Shape input, int[] perm)
    {
        if (perm.Length != input.Rank || perm.OrderBy(p => p).Where((p, i) => p != i).Any())
        {
            throw new ArgumentException($"[{string.Join(",", perm)}] is not a permutation of the {input.Rank} axes of {input}.");
        }

        return new Shape(perm.Select(p => input.Dims[p]).ToArray());
    }

    protected override SparseMatrix BuildMatrix()
    {
        var rank = _perm.Length;
        var inStride = new int[rank];
        var s = 1;
        for (var a = rank - 1; a >= 0; a--)
        {
            inStride[a] = s;
            s *= InputShape.Dims[a];
        }

        var outDims = OutputShape.Dims;
        var index = new int[rank];
        var cols = new int[OutputSize];
        for (var o = 0; o < OutputSize; o++)
        {
            var col = 0;
            for (var a = 0; a < rank; a++)
            {
                col += index[a] * inStride[_perm[a]];
            }

            cols[o] = col;

            // Advance the row-major multi-index of the output.
            for (var a = rank - 1; a >= 0; a--)
            {
                if (++index[a] < outDims[a])
                {
                    break;
                }

                index[a] = 0;
            }
        }

        var start = Enumerable.Range(0, OutputSize + 1).ToArray();
        return new SparseMatrix(OutputSize, InputSize, start, cols, Enumerable.Repeat(1.0, OutputSize).ToArray());
    }

    protected override double[] BuildBias() => new double[OutputSize];
}

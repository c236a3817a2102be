namespace ExactLip.Import.Onnx;

/// <summary>
/// NumPy-style (ONNX multidirectional) broadcasting: shapes align at the right, and a
/// dimension of 1 stretches to the other's size.
/// </summary>
internal static class Broadcasting
{
    /// <summary>The broadcast shape, or null if the shapes are incompatible.</summary>
    public static int[]? Shape(int[] a, int[] b)
    {
        var rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var da = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            var db = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (da != db && da != 1 && db != 1)
            {
                return null;
            }

            result[i] = da == 1 ? db : da;
        }

        return result;
    }

    /// <summary>
    /// For each element of a tensor of shape <paramref name="to"/> (row-major), the flat index
    /// of the element of a tensor of shape <paramref name="from"/> that broadcasting reads.
    /// </summary>
    public static int[] SourceIndices(int[] from, int[] to)
    {
        var rank = to.Length;
        var offset = rank - from.Length;
        var stride = new int[rank];
        var s = 1;
        for (var a = rank - 1; a >= 0; a--)
        {
            var d = a < offset ? 1 : from[a - offset];
            stride[a] = d == 1 ? 0 : s;
            s *= d;
        }

        var size = OnnxTensor.ShapeSize(to);
        var result = new int[size];
        var index = new int[rank];
        for (var o = 0; o < size; o++)
        {
            var src = 0;
            for (var a = 0; a < rank; a++)
            {
                src += index[a] * stride[a];
            }

            result[o] = src;
            for (var a = rank - 1; a >= 0; a--)
            {
                if (++index[a] < to[a])
                {
                    break;
                }

                index[a] = 0;
            }
        }

        return result;
    }

    /// <summary>The values of <paramref name="t"/> broadcast to <paramref name="to"/>.</summary>
    public static double[] Expand(OnnxTensor t, int[] to) => SourceIndices(t.Shape, to).Select(i => t.Data[i]).ToArray();
}

namespace ExactLip.Network.Layers;

/// <summary>
/// The input positions each output of a 2-D pooling reads: for every output (channel-major),
/// the flat indices of the window taps that fall inside the input, in scan order (kernel row,
/// then kernel column). Scan order matters: max pooling breaks ties toward the first tap.
/// </summary>
internal static class PoolingWindows
{
    public static int[][] Build(Shape input, Window2d window)
    {
        int channels = input.Dims[0], h = input.Dims[1], w = input.Dims[2];
        int oh = window.OutputHeight(h), ow = window.OutputWidth(w);
        var result = new int[channels * oh * ow][];
        var taps = new List<int>();
        var o = 0;
        for (var c = 0; c < channels; c++)
        {
            for (var y = 0; y < oh; y++)
            {
                for (var x = 0; x < ow; x++)
                {
                    taps.Clear();
                    for (var i = 0; i < window.KernelH; i++)
                    {
                        var iy = window.InputRow(y, i);
                        if (iy < 0 || iy >= h)
                        {
                            continue;
                        }

                        for (var j = 0; j < window.KernelW; j++)
                        {
                            var ix = window.InputColumn(x, j);
                            if (ix >= 0 && ix < w)
                            {
                                taps.Add((((c * h) + iy) * w) + ix);
                            }
                        }
                    }

                    if (taps.Count == 0)
                    {
                        throw new ArgumentException($"Pooling window {window} has an output that sees only padding.");
                    }

                    result[o++] = taps.ToArray();
                }
            }
        }

        return result;
    }
}

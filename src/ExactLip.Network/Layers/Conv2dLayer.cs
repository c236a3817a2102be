namespace ExactLip.Network.Layers;

/// <summary>
/// A 2-D convolution on one sample's C × H × W tensor (ONNX Conv, NCHW layout) with explicit
/// pads, strides, dilations and groups; output M × OH × OW.
/// Implementation note: the convolution is stored as its exact sparse matrix (one row per
/// output, one entry per kernel tap that falls inside the input), so it inherits every bound
/// and encoding from <see cref="LinearLayer"/> and fuses with neighbouring linear layers.
/// </summary>
public sealed class Conv2dLayer : LinearLayer
{
    private readonly double[] _weights;
    private readonly double[]? _bias;

    /// <param name="inputShape">C × H × W.</param>
    /// <param name="outChannels">M, a multiple of <paramref name="groups"/>.</param>
    /// <param name="groups">Channel groups; C must be a multiple of it.</param>
    /// <param name="window">Kernel, strides, explicit pads and dilations.</param>
    /// <param name="weights">M × (C / groups) × kH × kW, row-major.</param>
    /// <param name="bias">M entries, or null for no bias.</param>
    public Conv2dLayer(Shape inputShape, int outChannels, int groups, Window2d window, double[] weights, double[]? bias)
        : base(inputShape, OutputShapeOf(inputShape, outChannels, groups, window))
    {
        var channels = inputShape.Dims[0];
        if (weights.Length != outChannels * (channels / groups) * window.KernelH * window.KernelW)
        {
            throw new ArgumentException($"Conv weights have {weights.Length} entries, expected {outChannels}x{channels / groups}x{window.KernelH}x{window.KernelW}.");
        }

        if (bias is not null && bias.Length != outChannels)
        {
            throw new ArgumentException($"Conv bias has {bias.Length} entries, expected {outChannels}.");
        }

        OutChannels = outChannels;
        Groups = groups;
        Window = window;
        _weights = weights;
        _bias = bias;
    }

    public override string Kind => "conv";

    public int OutChannels { get; }

    public int Groups { get; }

    public Window2d Window { get; }

    private static Shape OutputShapeOf(Shape input, int outChannels, int groups, Window2d window)
    {
        if (input.Rank != 3)
        {
            throw new ArgumentException($"Conv2d needs a C x H x W input, got {input}.");
        }

        if (groups < 1 || input.Dims[0] % groups != 0 || outChannels % groups != 0)
        {
            throw new ArgumentException($"Conv2d groups {groups} must divide the {input.Dims[0]} input and {outChannels} output channels.");
        }

        window.Validate(input.Dims[1], input.Dims[2]);
        return Shape.Of(outChannels, window.OutputHeight(input.Dims[1]), window.OutputWidth(input.Dims[2]));
    }

    protected override SparseMatrix BuildMatrix()
    {
        int h = InputShape.Dims[1], w = InputShape.Dims[2];
        int oh = OutputShape.Dims[1], ow = OutputShape.Dims[2];
        var perGroupIn = InputShape.Dims[0] / Groups;
        var perGroupOut = OutChannels / Groups;
        int kh = Window.KernelH, kw = Window.KernelW;
        var start = new int[OutputSize + 1];
        var cols = new List<int>();
        var vals = new List<double>();
        var row = 0;
        for (var m = 0; m < OutChannels; m++)
        {
            var firstChannel = (m / perGroupOut) * perGroupIn;
            for (var y = 0; y < oh; y++)
            {
                for (var x = 0; x < ow; x++)
                {
                    // Channel-major, then kernel row, then kernel column: the input index grows
                    // monotonically, so each row comes out sorted and free of duplicates.
                    for (var c = 0; c < perGroupIn; c++)
                    {
                        for (var i = 0; i < kh; i++)
                        {
                            var iy = Window.InputRow(y, i);
                            if (iy < 0 || iy >= h)
                            {
                                continue;
                            }

                            for (var j = 0; j < kw; j++)
                            {
                                var ix = Window.InputColumn(x, j);
                                var value = _weights[(((((m * perGroupIn) + c) * kh) + i) * kw) + j];
                                if (ix < 0 || ix >= w || value == 0)
                                {
                                    continue;
                                }

                                cols.Add((((firstChannel + c) * h) + iy) * w + ix);
                                vals.Add(value);
                            }
                        }
                    }

                    start[++row] = cols.Count;
                }
            }
        }

        return new SparseMatrix(OutputSize, InputSize, start, cols.ToArray(), vals.ToArray());
    }

    protected override double[] BuildBias()
    {
        var b = new double[OutputSize];
        if (_bias is null)
        {
            return b;
        }

        var plane = OutputShape.Dims[1] * OutputShape.Dims[2];
        for (var i = 0; i < b.Length; i++)
        {
            b[i] = _bias[i / plane];
        }

        return b;
    }
}

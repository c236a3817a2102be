namespace ExactLip.Network.Layers;

/// <summary>
/// 2-D average pooling on one sample's C × H × W tensor (ONNX AveragePool with ceil_mode = 0).
/// With count_include_pad the divisor is the full window size (padding counts as zeros);
/// without it, only the taps that fall inside the input are counted, as ONNX specifies.
/// </summary>
public sealed class AvgPool2dLayer : LinearLayer
{
    public AvgPool2dLayer(Shape inputShape, Window2d window, bool countIncludePad)
        : base(inputShape, OutputShapeOf(inputShape, window))
    {
        Window = window;
        CountIncludePad = countIncludePad;
    }

    public override string Kind => "avgpool";

    public Window2d Window { get; }

    public bool CountIncludePad { get; }

    internal static Shape OutputShapeOf(Shape input, Window2d window)
    {
        if (input.Rank != 3)
        {
            throw new ArgumentException($"2-D pooling needs a C x H x W input, got {input}.");
        }

        window.Validate(input.Dims[1], input.Dims[2]);
        return Shape.Of(input.Dims[0], window.OutputHeight(input.Dims[1]), window.OutputWidth(input.Dims[2]));
    }

    protected override SparseMatrix BuildMatrix()
    {
        var windows = PoolingWindows.Build(InputShape, Window);
        var rows = new List<(int Column, double Value)>[windows.Length];
        for (var o = 0; o < windows.Length; o++)
        {
            var taps = windows[o];
            double divisor = CountIncludePad ? Window.KernelH * Window.KernelW : taps.Length;
            rows[o] = taps.Select(t => (t, 1.0 / divisor)).ToList();
        }

        return SparseMatrix.FromRows(InputSize, rows);
    }

    protected override double[] BuildBias() => new double[OutputSize];
}

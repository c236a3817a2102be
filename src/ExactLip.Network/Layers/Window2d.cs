namespace ExactLip.Network.Layers;

/// <summary>
/// The sliding window of a 2-D convolution or pooling over an NCHW tensor: kernel size,
/// strides, explicit pads (top, left, bottom, right) and dilations. Auto-padding is resolved to
/// explicit pads before a window is built, so every operator sees the same geometry.
/// The output size is ⌊(H + top + bottom − ((k − 1)·d + 1)) / s⌋ + 1, as in ONNX with
/// ceil_mode = 0.
/// </summary>
public readonly record struct Window2d(
    int KernelH,
    int KernelW,
    int StrideH = 1,
    int StrideW = 1,
    int PadTop = 0,
    int PadLeft = 0,
    int PadBottom = 0,
    int PadRight = 0,
    int DilationH = 1,
    int DilationW = 1)
{
    /// <summary>Throws <see cref="ArgumentException"/> unless the window fits an H × W input.</summary>
    public void Validate(int height, int width)
    {
        if (KernelH < 1 || KernelW < 1 || StrideH < 1 || StrideW < 1 || DilationH < 1 || DilationW < 1)
        {
            throw new ArgumentException($"Kernel, strides and dilations must be positive: {this}.");
        }

        if (PadTop < 0 || PadLeft < 0 || PadBottom < 0 || PadRight < 0)
        {
            throw new ArgumentException($"Pads must not be negative: {this}.");
        }

        if (OutputHeight(height) < 1 || OutputWidth(width) < 1)
        {
            throw new ArgumentException($"The window {this} does not fit an input of {height}x{width}.");
        }
    }

    public int OutputHeight(int height) => ((height + PadTop + PadBottom - (((KernelH - 1) * DilationH) + 1)) / StrideH) + 1;

    public int OutputWidth(int width) => ((width + PadLeft + PadRight - (((KernelW - 1) * DilationW) + 1)) / StrideW) + 1;

    /// <summary>The input row of kernel row <paramref name="kh"/> for output row <paramref name="oh"/> (may be in the padding).</summary>
    public int InputRow(int oh, int kh) => (oh * StrideH) - PadTop + (kh * DilationH);

    /// <summary>The input column of kernel column <paramref name="kw"/> for output column <paramref name="ow"/> (may be in the padding).</summary>
    public int InputColumn(int ow, int kw) => (ow * StrideW) - PadLeft + (kw * DilationW);
}

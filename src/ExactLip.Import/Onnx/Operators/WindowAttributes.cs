using ExactLip.Import.Onnx.Proto;
using ExactLip.Network.Layers;

namespace ExactLip.Import.Onnx.Operators;

/// <summary>
/// Reads the sliding-window attributes shared by Conv, AveragePool and MaxPool
/// (kernel_shape, strides, pads, dilations, auto_pad) into an explicit <see cref="Window2d"/>,
/// for 2-D windows and for 1-D ones (a 2-D window of height 1).
/// SAME_UPPER/SAME_LOWER give an output of ⌈size / stride⌉ with the odd pad at the end/start,
/// as the ONNX operator definitions say.
/// </summary>
internal static class WindowAttributes
{
    public static Window2d Read(NodeProto node, ImportContext context, int height, int width, long[] kernel)
    {
        if (kernel.Length != 2)
        {
            throw context.Error(node, $"has a {kernel.Length}-D kernel on a 2-D input; re-export the model");
        }

        var strides = NodeAttributes.Ints(node, "strides") ?? new long[] { 1, 1 };
        var dilations = NodeAttributes.Ints(node, "dilations") ?? new long[] { 1, 1 };
        var pads = NodeAttributes.Ints(node, "pads") ?? new long[4];
        if (strides.Length != 2 || dilations.Length != 2 || pads.Length != 4)
        {
            throw context.Error(node, "has strides, dilations or pads of the wrong length for a 2-D window; re-export the model");
        }

        return Build(node, context, height, width, kernel, strides, dilations, pads);
    }

    /// <summary>
    /// A 1-D window over [N, C, L] as the 2-D window of height 1 over [C, 1, L]: kernel 1 × k,
    /// stride 1 × s, dilation 1 × d, pads (0, begin, 0, end). The arithmetic is the 2-D
    /// operator's with one row, so the 1-D operator is computed exactly as ONNX defines it.
    /// </summary>
    public static Window2d Read1d(NodeProto node, ImportContext context, int length, long[] kernel)
    {
        if (kernel.Length != 1)
        {
            throw context.Error(node, $"has a {kernel.Length}-D kernel on a 1-D input; re-export the model");
        }

        var strides = NodeAttributes.Ints(node, "strides") ?? new long[] { 1 };
        var dilations = NodeAttributes.Ints(node, "dilations") ?? new long[] { 1 };
        var pads = NodeAttributes.Ints(node, "pads") ?? new long[2];
        if (strides.Length != 1 || dilations.Length != 1 || pads.Length != 2)
        {
            throw context.Error(node, "has strides, dilations or pads of the wrong length for a 1-D window; re-export the model");
        }

        return Build(node, context, 1, length, new[] { 1, kernel[0] }, new[] { 1, strides[0] }, new[] { 1, dilations[0] }, new[] { 0, pads[0], 0, pads[1] });
    }

    private static Window2d Build(NodeProto node, ImportContext context, int height, int width, long[] kernel, long[] strides, long[] dilations, long[] pads)
    {

        int kh = checked((int)kernel[0]), kw = checked((int)kernel[1]), sh = checked((int)strides[0]), sw = checked((int)strides[1]);
        int dh = checked((int)dilations[0]), dw = checked((int)dilations[1]);
        var autoPad = NodeAttributes.String(node, "auto_pad", "NOTSET");
        switch (autoPad)
        {
            case "NOTSET":
                break;
            case "VALID":
                pads = new long[4];
                break;
            case "SAME_UPPER":
            case "SAME_LOWER":
                var (top, bottom) = Same(height, kh, sh, dh, autoPad == "SAME_UPPER");
                var (left, right) = Same(width, kw, sw, dw, autoPad == "SAME_UPPER");
                pads = new long[] { top, left, bottom, right };
                break;
            default:
                throw context.Error(node, $"has auto_pad '{autoPad}'; use NOTSET, VALID, SAME_UPPER or SAME_LOWER");
        }

        var window = new Window2d(kh, kw, sh, sw, checked((int)pads[0]), checked((int)pads[1]), checked((int)pads[2]), checked((int)pads[3]), dh, dw);
        try
        {
            window.Validate(height, width);
        }
        catch (ArgumentException e)
        {
            throw context.Error(node, $"has a window that does not fit its {height}x{width} input ({e.Message.TrimEnd('.')}); re-export the model");
        }

        return window;
    }

    private static (int Begin, int End) Same(int size, int kernel, int stride, int dilation, bool upper)
    {
        var output = (size + stride - 1) / stride;
        var total = Math.Max(0, ((output - 1) * stride) + ((kernel - 1) * dilation) + 1 - size);
        var small = total / 2;
        return upper ? (small, total - small) : (total - small, small);
    }

    /// <summary>
    /// Checks the activation is one sample [1, C, H, W] or [1, C, L] and returns (C, H, W), a
    /// 1-D input read as height 1.
    /// </summary>
    public static (int C, int H, int W) Nchw(NodeProto node, ImportContext context, int[] shape)
    {
        if (shape.Length is not (3 or 4) || shape[0] != 1)
        {
            throw context.Error(node, $"reads a tensor of shape [{string.Join(",", shape)}], but ExactLip supports 1-D and 2-D windows over one sample [1,C,L] or [1,C,H,W]; re-export the model");
        }

        return shape.Length == 4 ? (shape[1], shape[2], shape[3]) : (shape[1], 1, shape[2]);
    }

    /// <summary>The window of a Conv or pooling node on a 1-D or 2-D input (by the input's rank).</summary>
    public static Window2d ReadFor(NodeProto node, ImportContext context, int[] shape, int height, int width, long[] kernel) =>
        shape.Length == 3 ? Read1d(node, context, width, kernel) : Read(node, context, height, width, kernel);

    /// <summary>The ONNX shape of an output with <paramref name="channels"/> channels: [1, C, L] for a 1-D input, [1, C, H, W] for a 2-D one.</summary>
    public static int[] OutputShape(int[] inputShape, int channels, Window2d window, int height, int width) =>
        inputShape.Length == 3
            ? new[] { 1, channels, window.OutputWidth(width) }
            : new[] { 1, channels, window.OutputHeight(height), window.OutputWidth(width) };
}

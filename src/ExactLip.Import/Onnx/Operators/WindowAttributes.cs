using ExactLip.Import.Onnx.Proto;
using ExactLip.Network.Layers;

namespace ExactLip.Import.Onnx.Operators;

/// <summary>
/// Reads the sliding-window attributes shared by Conv, AveragePool and MaxPool
/// (kernel_shape, strides, pads, dilations, auto_pad) into an explicit <see cref="Window2d"/>.
/// SAME_UPPER/SAME_LOWER give an output of ⌈size / stride⌉ with the odd pad at the end/start,
/// as the ONNX operator definitions say.
/// </summary>
internal static class WindowAttributes
{
    public static Window2d Read(NodeProto node, ImportContext context, int height, int width, long[] kernel)
    {
        if (kernel.Length != 2)
        {
            throw context.Error(node, $"has a {kernel.Length}-D kernel, but ExactLip supports 2-D windows only; use a 2-D operator on an NCHW tensor");
        }

        var strides = NodeAttributes.Ints(node, "strides") ?? new long[] { 1, 1 };
        var dilations = NodeAttributes.Ints(node, "dilations") ?? new long[] { 1, 1 };
        var pads = NodeAttributes.Ints(node, "pads") ?? new long[4];
        if (strides.Length != 2 || dilations.Length != 2 || pads.Length != 4)
        {
            throw context.Error(node, "has strides, dilations or pads of the wrong length for a 2-D window; re-export the model");
        }

        int kh = (int)kernel[0], kw = (int)kernel[1], sh = (int)strides[0], sw = (int)strides[1];
        int dh = (int)dilations[0], dw = (int)dilations[1];
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

        var window = new Window2d(kh, kw, sh, sw, (int)pads[0], (int)pads[1], (int)pads[2], (int)pads[3], dh, dw);
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

    /// <summary>Checks the activation is one NCHW sample and returns (C, H, W).</summary>
    public static (int C, int H, int W) Nchw(NodeProto node, ImportContext context, int[] shape)
    {
        if (shape.Length != 4 || shape[0] != 1)
        {
            throw context.Error(node, $"reads a tensor of shape [{string.Join(",", shape)}], but ExactLip supports 2-D windows over one NCHW sample [1,C,H,W]; re-export the model");
        }

        return (shape[1], shape[2], shape[3]);
    }
}

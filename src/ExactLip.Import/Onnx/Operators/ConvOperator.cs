using ExactLip.Import.Onnx.Proto;
using ExactLip.Network;
using ExactLip.Network.Layers;

namespace ExactLip.Import.Onnx.Operators;

/// <summary>
/// Conv (2-D on NCHW, or 1-D on [N, C, L]; pads, strides, dilations, group, auto_pad; bias
/// optional) → <see cref="Conv2dLayer"/>. A 1-D convolution is the 2-D one over [C, 1, L] with a
/// 1 × k kernel: the weights [O, C/g, k] have the layout of [O, C/g, 1, k], and every output is
/// the same sum of the same products, so the layer is the ONNX operator exactly.
/// </summary>
internal sealed class ConvOperator : IOnnxOperator
{
    public void Convert(NodeProto node, ImportContext context)
    {
        var x = context.Activation(node, 0);
        var w = context.Constant(node, 1, "weight");
        var b = context.OptionalConstant(node, 2, "bias");
        var (c, h, wd) = WindowAttributes.Nchw(node, context, x.Shape);
        if (w.Rank != x.Shape.Length)
        {
            throw context.Error(node, $"has weights of shape [{string.Join(",", w.Shape)}] for an input of rank {x.Shape.Length}, but ExactLip supports 1-D and 2-D convolutions whose weights have the input's rank; re-export the model");
        }

        var groups = checked((int)NodeAttributes.Int(node, "group", 1));
        var kernelFromWeights = w.Shape[2..].Select(d => (long)d).ToArray();
        var kernel = NodeAttributes.Ints(node, "kernel_shape") ?? kernelFromWeights;
        if (!kernel.SequenceEqual(kernelFromWeights))
        {
            throw context.Error(node, $"has kernel_shape [{string.Join(",", kernel)}] that disagrees with its weights [{string.Join(",", w.Shape)}]; re-export the model");
        }

        var outChannels = w.Shape[0];
        if (groups < 1 || c % groups != 0 || outChannels % groups != 0 || w.Shape[1] != c / groups)
        {
            throw context.Error(node, $"has weights [{string.Join(",", w.Shape)}] and group {groups} that do not fit {c} input channels; re-export the model");
        }

        if (b is not null && b.Size != outChannels)
        {
            throw context.Error(node, $"has a bias of {b.Size} entries for {outChannels} output channels; re-export the model");
        }

        var window = WindowAttributes.ReadFor(node, context, x.Shape, h, wd, kernel);
        var layer = new Conv2dLayer(Shape.Of(c, h, wd), outChannels, groups, window, w.Data, b?.Data);
        context.Emit(node, layer, WindowAttributes.OutputShape(x.Shape, outChannels, window, h, wd));
    }
}

using ExactLip.Import.Onnx.Proto;
using ExactLip.Network;
using ExactLip.Network.Layers;

namespace ExactLip.Import.Onnx.Operators;

/// <summary>Conv (2-D, NCHW; pads, strides, dilations, group, auto_pad; bias optional) → <see cref="Conv2dLayer"/>.</summary>
internal sealed class ConvOperator : IOnnxOperator
{
    public void Convert(NodeProto node, ImportContext context)
    {
        var x = context.Activation(node, 0);
        var w = context.Constant(node, 1, "weight");
        var b = context.OptionalConstant(node, 2, "bias");
        var (c, h, wd) = WindowAttributes.Nchw(node, context, x.Shape);
        if (w.Rank != 4)
        {
            throw context.Error(node, $"has weights of shape [{string.Join(",", w.Shape)}], but ExactLip supports 2-D convolutions only; re-export the model");
        }

        var groups = (int)NodeAttributes.Int(node, "group", 1);
        var kernel = NodeAttributes.Ints(node, "kernel_shape") ?? new long[] { w.Shape[2], w.Shape[3] };
        if (kernel.Length != 2 || kernel[0] != w.Shape[2] || kernel[1] != w.Shape[3])
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

        var window = WindowAttributes.Read(node, context, h, wd, kernel);
        var layer = new Conv2dLayer(Shape.Of(c, h, wd), outChannels, groups, window, w.Data, b?.Data);
        context.Emit(node, layer, new[] { 1 }.Concat(layer.OutputShape.Dims).ToArray());
    }
}

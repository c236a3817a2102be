using ExactLip.Import.Onnx.Proto;
using ExactLip.Network;
using ExactLip.Network.Layers;

namespace ExactLip.Import.Onnx.Operators;

/// <summary>AveragePool → <see cref="AvgPool2dLayer"/> and MaxPool → <see cref="MaxPool2dLayer"/> (2-D, or 1-D as 2-D of height 1; ceil_mode 0).</summary>
internal sealed class PoolOperator : IOnnxOperator
{
    private readonly bool _isMax;

    public PoolOperator(bool isMax)
    {
        _isMax = isMax;
    }

    public void Convert(NodeProto node, ImportContext context)
    {
        var x = context.Activation(node, 0);
        var (c, h, w) = WindowAttributes.Nchw(node, context, x.Shape);
        var kernel = NodeAttributes.Ints(node, "kernel_shape") ?? throw context.Error(node, "has no kernel_shape; re-export the model");
        if (NodeAttributes.Int(node, "ceil_mode", 0) != 0)
        {
            throw context.Error(node, "uses ceil_mode = 1, which ExactLip does not support; export the pooling with ceil_mode = 0 (adjust its padding instead)");
        }

        if (_isMax && node.Output.Count > 1 && node.Output[1].Length > 0)
        {
            throw context.Error(node, "uses its Indices output, which ExactLip does not support; export the model without max-pooling indices");
        }

        var window = WindowAttributes.ReadFor(node, context, x.Shape, h, w, kernel);
        Layer layer = _isMax
            ? new MaxPool2dLayer(Shape.Of(c, h, w), window)
            : new AvgPool2dLayer(Shape.Of(c, h, w), window, NodeAttributes.Int(node, "count_include_pad", 0) != 0);
        context.Emit(node, layer, WindowAttributes.OutputShape(x.Shape, c, window, h, w));
    }
}

using ExactLip.Import.Onnx.Proto;
using ExactLip.Network;
using ExactLip.Network.Layers;

namespace ExactLip.Import.Onnx.Operators;

/// <summary>
/// GlobalAveragePool on [1, C, H, W] or [1, C, L]: the average pooling whose window is the whole
/// input (<see cref="AvgPool2dLayer"/>, a 1-D input as height 1), so each channel's mean is
/// computed as AveragePool computes it, with weights 1/(H·W).
/// </summary>
internal sealed class GlobalAveragePoolOperator : IOnnxOperator
{
    public void Convert(NodeProto node, ImportContext context)
    {
        var x = context.Activation(node, 0);
        var (c, h, w) = WindowAttributes.Nchw(node, context, x.Shape);
        var layer = new AvgPool2dLayer(Shape.Of(c, h, w), new Window2d(h, w), countIncludePad: false);
        context.Emit(node, layer, x.Shape.Length == 3 ? new[] { 1, c, 1 } : new[] { 1, c, 1, 1 });
    }
}

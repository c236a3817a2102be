using ExactLip.Import.Onnx.Proto;
using ExactLip.Network.Layers;

namespace ExactLip.Import.Onnx.Operators;

/// <summary>
/// BatchNormalization in inference mode: y = s_c·(x − mean_c) + B_c with
/// s_c = scale_c / √(var_c + ε) per channel (axis 1), computed in float64 from the stored
/// values, as one <see cref="ElementwiseAffineLayer"/>.
/// </summary>
internal sealed class BatchNormOperator : IOnnxOperator
{
    public void Convert(NodeProto node, ImportContext context)
    {
        if (NodeAttributes.Int(node, "training_mode", 0) != 0 || node.Output.Skip(1).Any(o => o.Length > 0))
        {
            throw context.Error(node, "is in training mode, but ExactLip imports inference-mode models only; export the model after model.eval()");
        }

        var x = context.Activation(node, 0);
        if (x.Shape.Length < 2)
        {
            throw context.Error(node, $"reads a tensor of shape [{string.Join(",", x.Shape)}] without a channel axis; re-export the model");
        }

        var channels = x.Shape[1];
        var gamma = context.Constant(node, 1, "scale");
        var beta = context.Constant(node, 2, "bias");
        var mean = context.Constant(node, 3, "mean");
        var variance = context.Constant(node, 4, "variance");
        if (new[] { gamma, beta, mean, variance }.Any(t => t.Size != channels))
        {
            throw context.Error(node, $"has parameters whose sizes differ from its {channels} channels; re-export the model");
        }

        var epsilon = (double)context.Float(node, "epsilon", 1e-5f);
        var size = OnnxTensor.ShapeSize(x.Shape);
        var plane = size / channels;
        var scale = new double[size];
        var shift = new double[size];
        for (var i = 0; i < size; i++)
        {
            var ch = i / plane % channels;
            var spread = variance.Data[ch] + epsilon;
            if (!(spread > 0))
            {
                throw context.Error(node, $"has variance + epsilon = {spread} in channel {ch}, but it must be positive to divide by its square root; re-export the model");
            }

            var s = gamma.Data[ch] / Math.Sqrt(spread);
            scale[i] = s;
            shift[i] = beta.Data[ch] - (mean.Data[ch] * s);
        }

        context.Emit(node, new ElementwiseAffineLayer(context.SampleShape(x.Shape), scale, shift, "batchnorm"), x.Shape);
    }
}

using ExactLip.Import.Onnx.Proto;
using ExactLip.Network.Layers;

namespace ExactLip.Import.Onnx.Operators;

/// <summary>
/// LeakyRelu(x) = x for x ≥ 0, α·x below, written exactly as relu(x) − α·relu(−x)
/// (<see cref="ReluLowering"/>): two ReLUs per neuron whose pre-activations are mirror images,
/// which <see cref="Network.CoincidentNeurons"/> recognises, so branch and bound never pays for
/// the impossible pairs. In float64 the chain gives x + (−α)·0 = x and 0 + (−α)·(−x) = α·x, the
/// operator's own values bit for bit. α = 0 is a plain <see cref="ReluLayer"/>. On a constant it
/// folds.
/// </summary>
internal sealed class LeakyReluOperator : IOnnxOperator
{
    public void Convert(NodeProto node, ImportContext context)
    {
        double alpha = NodeAttributes.Float(node, "alpha", 0.01f);
        if (context.IsConstant(node.Input[0]))
        {
            var c = context.Constant(node, 0, "input");
            context.SetConstant(node.Output[0], new OnnxTensor(c.Shape, c.Data.Select(v => v >= 0 ? v : alpha * v).ToArray()));
            return;
        }

        var x = context.Activation(node, 0);
        if (alpha == 0)
        {
            context.Emit(node, new ReluLayer(context.SampleShape(x.Shape)), x.Shape);
            return;
        }

        var n = OnnxTensor.ShapeSize(x.Shape);
        var hidden = Enumerable.Range(0, n).Select(i => new ReluLowering.Hidden(i, 1, 0))
            .Concat(Enumerable.Range(0, n).Select(i => new ReluLowering.Hidden(i, -1, 0))).ToList();
        var terms = Enumerable.Range(0, n).Select(i => (IReadOnlyList<(int, double)>)new[] { (i, 1.0), (n + i, -alpha) }).ToList();
        ReluLowering.Emit(node, context, x, x.Shape, hidden, terms, new double[n], "leakyrelu");
    }
}

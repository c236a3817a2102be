using ExactLip.Import.Onnx.Proto;
using ExactLip.Network.Layers;

namespace ExactLip.Import.Onnx.Operators;

/// <summary>
/// LeakyRelu(x) = x for x ≥ 0, α·x below. For 0 ≤ α &lt; 1 it is one <see cref="ReluLayer"/>
/// with negative slope α (α = 0 is ReLU): one neuron, one binary in the MIP and one split in
/// branch and bound per kink, and the layer's float64 forward is the operator's own formula.
/// With any other α the function is not convex (α ≥ 1; α = 1 is the identity) or not increasing
/// (α &lt; 0), which the layer's relaxations and interval bounds assume; it is written exactly as
/// relu(x) − α·relu(−x) instead
/// (<see cref="ReluLowering"/>: two ReLUs per neuron, whose pre-activations are mirror images,
/// which <see cref="Network.CoincidentNeurons"/> recognises). On a constant it folds.
/// </summary>
internal sealed class LeakyReluOperator : IOnnxOperator
{
    public void Convert(NodeProto node, ImportContext context)
    {
        double alpha = context.Float(node, "alpha", 0.01f);
        if (context.IsConstant(node.Input[0]))
        {
            var c = context.Constant(node, 0, "input");
            context.SetConstant(node.Output[0], new OnnxTensor(c.Shape, c.Data.Select(v => v >= 0 ? v : alpha * v).ToArray()));
            return;
        }

        var x = context.Activation(node, 0);
        if (alpha >= 0 && alpha < 1)
        {
            context.Emit(node, new ReluLayer(context.SampleShape(x.Shape), alpha), x.Shape);
            return;
        }

        var n = OnnxTensor.ShapeSize(x.Shape);
        var hidden = Enumerable.Range(0, n).Select(i => new ReluLowering.Hidden(i, 1, 0))
            .Concat(Enumerable.Range(0, n).Select(i => new ReluLowering.Hidden(i, -1, 0))).ToList();
        var terms = Enumerable.Range(0, n).Select(i => (IReadOnlyList<(int, double)>)new[] { (i, 1.0), (n + i, -alpha) }).ToList();
        ReluLowering.Emit(node, context, x, x.Shape, hidden, terms, new double[n], "leakyrelu");
    }
}

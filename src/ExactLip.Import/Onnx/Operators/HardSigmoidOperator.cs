using ExactLip.Import.Onnx.Proto;

namespace ExactLip.Import.Onnx.Operators;

/// <summary>
/// HardSigmoid(x) = max(0, min(1, α·x + β)) (defaults α = 0.2, β = 0.5), written exactly through
/// ReLUs (<see cref="ReluLowering"/>) as relu(z) − relu(z − 1) with z = α·x + β: two kinks, two
/// ReLUs per element. With α = 0 it is the constant clip(β) and every hidden unit is constant.
/// Implementation note: in real arithmetic the chain is the operator. In float64 its middle piece
/// gives fl(α·x + β), the operator's formula evaluated in float64; its upper piece gives
/// fl(α·x + β) − fl(α·x + (β − 1)), which may differ from 1 by a rounding (β − 1 itself is exact
/// for a float32 β), the same evaluation error Clip's chain has and the rounding-aware passes
/// bound. So the float64 values equal ONNX's exactly on the lower and middle pieces (up to
/// ONNX Runtime's float32 arithmetic) and within a rounding on the upper one.
/// On a constant it folds.
/// </summary>
internal sealed class HardSigmoidOperator : IOnnxOperator
{
    public void Convert(NodeProto node, ImportContext context)
    {
        double alpha = context.Float(node, "alpha", 0.2f);
        double beta = context.Float(node, "beta", 0.5f);
        if (context.IsConstant(node.Input[0]))
        {
            var c = context.Constant(node, 0, "input");
            context.SetConstant(node.Output[0], new OnnxTensor(c.Shape, c.Data.Select(v => Math.Max(0, Math.Min(1, (alpha * v) + beta))).ToArray()));
            return;
        }

        var x = context.Activation(node, 0);
        var n = OnnxTensor.ShapeSize(x.Shape);
        var hidden = Enumerable.Range(0, n).Select(i => new ReluLowering.Hidden(i, alpha, beta))
            .Concat(Enumerable.Range(0, n).Select(i => new ReluLowering.Hidden(i, alpha, beta - 1))).ToList();
        var terms = Enumerable.Range(0, n).Select(i => (IReadOnlyList<(int, double)>)new[] { (i, 1.0), (n + i, -1.0) }).ToList();
        ReluLowering.Emit(node, context, x, x.Shape, hidden, terms, new double[n], "hardsigmoid");
    }
}

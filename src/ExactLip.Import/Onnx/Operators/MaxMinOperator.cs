using ExactLip.Import.Onnx.Proto;

namespace ExactLip.Import.Onnx.Operators;

/// <summary>
/// Max and Min (element-wise, any number of inputs, broadcasting): the constants fold into one,
/// and the activation against it is written exactly through ReLUs, max(x, c) = c + relu(x − c)
/// and min(x, c) = c − relu(c − x) (<see cref="ReluLowering"/>). The maximum or minimum of two
/// different activations is <see cref="BranchMaxMin"/>.
/// </summary>
internal sealed class MaxMinOperator : IOnnxOperator
{
    private readonly bool _isMax;

    public MaxMinOperator(bool isMax)
    {
        _isMax = isMax;
    }

    public void Convert(NodeProto node, ImportContext context)
    {
        var activations = node.Input.Where(context.IsActivation).Distinct(StringComparer.Ordinal).ToList();
        if (activations.Count == 2 && node.Input.Count == 2)
        {
            BranchMaxMin.Emit(node, context, _isMax);
            return;
        }

        if (activations.Count > 1)
        {
            throw context.Error(node, $"takes the {(_isMax ? "maximum" : "minimum")} of {node.Input.Count} inputs, {activations.Count} of them activations, but ExactLip supports the {(_isMax ? "maximum" : "minimum")} of two activations or of one activation and constants; write it as a chain of two-input {node.OpType} nodes");
        }

        OnnxTensor? constant = null;
        for (var i = 0; i < node.Input.Count; i++)
        {
            if (context.IsActivation(node.Input[i]))
            {
                continue;
            }

            var c = context.Constant(node, i, "operand");
            constant = constant is null ? c : Combine(node, context, constant, c);
        }

        if (activations.Count == 0)
        {
            context.SetConstant(node.Output[0], constant ?? throw context.Error(node, "has no inputs; re-export the model"));
            return;
        }

        var x = context.Activation(node, node.Input.IndexOf(activations[0]));
        if (constant is null)
        {
            // The maximum of the activation with itself.
            context.Alias(node, x);
            return;
        }

        var shape = Broadcasting.Shape(x.Shape, constant.Shape)
            ?? throw context.Error(node, $"cannot broadcast shapes [{string.Join(",", x.Shape)}] and [{string.Join(",", constant.Shape)}]; re-export the model");
        ReluLowering.EmitMaxMin(node, context, x, shape, Broadcasting.Expand(constant, shape), _isMax, _isMax ? "max" : "min");
    }

    private OnnxTensor Combine(NodeProto node, ImportContext context, OnnxTensor a, OnnxTensor b)
    {
        var shape = Broadcasting.Shape(a.Shape, b.Shape)
            ?? throw context.Error(node, $"cannot broadcast shapes [{string.Join(",", a.Shape)}] and [{string.Join(",", b.Shape)}]; re-export the model");
        var av = Broadcasting.Expand(a, shape);
        var bv = Broadcasting.Expand(b, shape);
        var result = av.Select((v, i) => _isMax ? Math.Max(v, bv[i]) : Math.Min(v, bv[i])).ToArray();
        return new OnnxTensor(shape, result, a.IsInteger && b.IsInteger);
    }
}

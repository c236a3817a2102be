using ExactLip.Import.Onnx.Proto;
using ExactLip.Network;
using ExactLip.Network.Layers;

namespace ExactLip.Import.Onnx.Operators;

/// <summary>
/// Add, Sub, Mul and Div with one constant operand: y = scale ⊙ x + shift after broadcasting
/// (x + c, x − c, c − x, c·x, x / c). Two constants fold; the sum or difference of two
/// activations is <see cref="BranchSum"/>; a constant divided by the activation or a product of
/// activations is not linear and is rejected.
/// </summary>
internal sealed class ElementwiseOperator : IOnnxOperator
{
    public enum Op
    {
        Add,
        Sub,
        Mul,
        Div,
    }

    private readonly Op _op;

    public ElementwiseOperator(Op op)
    {
        _op = op;
    }

    public void Convert(NodeProto node, ImportContext context)
    {
        if (node.Input.Count != 2)
        {
            throw context.Error(node, $"has {node.Input.Count} inputs instead of 2; re-export the model");
        }

        bool leftConst = context.IsConstant(node.Input[0]), rightConst = context.IsConstant(node.Input[1]);
        if (leftConst && rightConst)
        {
            Fold(node, context);
            return;
        }

        if (!leftConst && !rightConst)
        {
            if (_op is Op.Add or Op.Sub)
            {
                BranchSum.Emit(node, context, subtract: _op == Op.Sub);
                return;
            }

            throw context.Error(node, "multiplies or divides two activations, which is not piecewise linear, so ExactLip's exact method (which enumerates the linear pieces of the network) does not apply to it; ExactLip supports products and quotients with constants");
        }

        var activationFirst = !leftConst;
        var x = context.Activation(node, activationFirst ? 0 : 1);
        var c = context.Constant(node, activationFirst ? 1 : 0, "operand");
        var shape = Broadcasting.Shape(x.Shape, c.Shape)
            ?? throw context.Error(node, $"cannot broadcast shapes [{string.Join(",", x.Shape)}] and [{string.Join(",", c.Shape)}]; re-export the model");
        var cv = Broadcasting.Expand(c, shape);
        var scale = new double[cv.Length];
        var shift = new double[cv.Length];
        for (var i = 0; i < cv.Length; i++)
        {
            (scale[i], shift[i]) = (_op, activationFirst) switch
            {
                (Op.Add, _) => (1.0, cv[i]),
                (Op.Sub, true) => (1.0, -cv[i]),
                (Op.Sub, false) => (-1.0, cv[i]),
                (Op.Mul, _) => (cv[i], 0.0),
                (Op.Div, true) => (cv[i] != 0 ? 1.0 / cv[i] : throw context.Error(node, "divides by a constant that contains zero; fix the model's normalisation constants"), 0.0),
                _ => throw context.Error(node, "divides a constant by the network's activation, which is not a linear operation; ExactLip supports division by constants only"),
            };
        }

        var kind = _op.ToString().ToLowerInvariant();
        var outSize = OnnxTensor.ShapeSize(shape);
        var inSize = OnnxTensor.ShapeSize(x.Shape);
        if (outSize == inSize)
        {
            // Broadcasting only added leading ones or matched dimensions: the flat layout is unchanged.
            context.Emit(node, new ElementwiseAffineLayer(context.SampleShape(shape), scale, shift, kind), shape);
            return;
        }

        // The activation itself is broadcast to a larger shape: each output reads one input.
        var source = Broadcasting.SourceIndices(x.Shape, shape);
        var rows = source.Select((s, o) => (IReadOnlyList<(int, double)>)new[] { (s, scale[o]) }).ToList();
        var matrix = SparseMatrix.FromRows(inSize, rows);
        context.Emit(node, new AffineLayer(context.SampleShape(x.Shape), context.SampleShape(shape), matrix, shift, kind), shape);
    }

    private void Fold(NodeProto node, ImportContext context)
    {
        var a = context.Constant(node, 0, "operand");
        var b = context.Constant(node, 1, "operand");
        var shape = Broadcasting.Shape(a.Shape, b.Shape)
            ?? throw context.Error(node, $"cannot broadcast shapes [{string.Join(",", a.Shape)}] and [{string.Join(",", b.Shape)}]; re-export the model");
        var av = Broadcasting.Expand(a, shape);
        var bv = Broadcasting.Expand(b, shape);
        var integer = a.IsInteger && b.IsInteger;
        var result = new double[av.Length];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = _op switch
            {
                Op.Add => av[i] + bv[i],
                Op.Sub => av[i] - bv[i],
                Op.Mul => av[i] * bv[i],
                _ => integer ? Math.Truncate(av[i] / bv[i]) : av[i] / bv[i],
            };
        }

        context.SetConstant(node.Output[0], new OnnxTensor(shape, result, integer));
    }
}

using ExactLip.Core;
using ExactLip.Import.Onnx.Proto;
using ExactLip.Network;

namespace ExactLip.Import.Onnx;

/// <summary>One import of one graph: input detection, topological order, conversion, output check.</summary>
internal sealed class GraphWalker
{
    private readonly ModelProto _model;
    private readonly GraphProto _graph;
    private readonly string _file;

    public GraphWalker(ModelProto model, string file)
    {
        _model = model;
        _graph = model.Graph;
        _file = file;
    }

    /// <summary>What each node became, in the order the nodes were converted.</summary>
    public List<NodeConversion> Conversions { get; } = new();

    public NeuralNetwork Run()
    {
        var initializers = new HashSet<string>(_graph.Initializer.Select(t => t.Name), StringComparer.Ordinal);
        var inputs = _graph.Input.Where(i => !initializers.Contains(i.Name)).ToList();
        if (inputs.Count != 1)
        {
            throw new ModelFormatException($"{_file} has {inputs.Count} graph inputs ({string.Join(", ", inputs.Select(i => $"'{i.Name}'"))}) besides its weights, but ExactLip needs exactly one; export a model with a single input tensor.");
        }

        var input = inputs[0];
        var inputShape = InputShape(input, out var hasBatch);
        var context = new ImportContext(_file, Opset(), hasBatch);
        foreach (var t in _graph.Initializer)
        {
            context.SetConstant(t.Name, OnnxTensor.FromProto(t, _file).RequireFinite(t.Name, _file));
        }

        context.AddInput(input.Name, inputShape, Readers());
        context.Consumed.UnionWith(_graph.Node.SelectMany(n => n.Input));
        context.Consumed.UnionWith(_graph.Output.Select(o => o.Name));
        foreach (var (node, index) in TopologicalOrder(initializers, input.Name))
        {
            context.NodeLabel = node.Name.Length > 0 ? $"'{node.Name}'" : $"#{index} (output '{node.Output.FirstOrDefault()}')";
            if (node.Domain.Length > 0 && node.Domain != "ai.onnx")
            {
                throw Unsupported(node, context.NodeLabel, $"{node.Domain}.{node.OpType}");
            }

            if (!OnnxOperators.Table.TryGetValue(node.OpType, out var op))
            {
                throw Unsupported(node, context.NodeLabel, node.OpType);
            }

            if (node.Output.Count == 0 || node.Output[0].Length == 0)
            {
                throw context.Error(node, "has no output; re-export the model");
            }

            if (node.OpType != "Constant" && (node.Input.Count == 0 || node.Input[0].Length == 0))
            {
                throw context.Error(node, "has no first input; re-export the model");
            }

            var layersBefore = context.Layers.Count;
            context.Begin(node, index);
            try
            {
                op.Convert(node, context);
            }
            catch (OverflowException)
            {
                // The importer's size arithmetic is checked: a dimension, index or attribute beyond
                // int, or a tensor beyond OnnxTensor.MaxValues, ends here, before any allocation.
                throw context.Error(node, $"has a size, index or integer attribute too large to hold (beyond 2³¹ − 1, or a tensor of more than {OnnxTensor.MaxValues} values); re-export the model");
            }

            Conversions.Add(new NodeConversion(
                node.OpType,
                context.NodeLabel,
                context.Layers.Skip(layersBefore).Select(l => l.Kind).ToArray(),
                Folded: node.Output.Count > 0 && context.IsConstant(node.Output[0])));
        }

        return Finish(context, input.Name);
    }

    /// <summary>How many nodes read each tensor name (a node reading a name twice counts once), the graph output once more.</summary>
    private Dictionary<string, int> Readers()
    {
        var readers = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in _graph.Node.SelectMany(n => n.Input.Where(i => i.Length > 0).Distinct(StringComparer.Ordinal)).Concat(_graph.Output.Select(o => o.Name)))
        {
            readers[name] = readers.GetValueOrDefault(name) + 1;
        }

        return readers;
    }

    private ModelFormatException Unsupported(NodeProto node, string label, string op)
    {
        var why = OnnxOperators.NotPiecewiseLinear.Contains(op)
            ? ": it is not piecewise linear, so ExactLip's exact method (which enumerates the linear pieces of the network) does not apply to it"
            : string.Empty;
        return new($"Unsupported ONNX operator '{op}' at node {label} in {_file}{why}; supported operators are {string.Join(", ", OnnxOperators.Table.Keys.Order(StringComparer.Ordinal))}.");
    }

    private long Opset()
    {
        var set = _model.OpsetImport.FirstOrDefault(o => o.Domain.Length == 0 || o.Domain == "ai.onnx");
        return set?.Version ?? 1;
    }

    private int[] InputShape(ValueInfoProto input, out bool hasBatch)
    {
        var tensor = input.Type?.TensorType;
        if (tensor?.Shape is null)
        {
            throw new ModelFormatException($"The input '{input.Name}' of {_file} has no tensor shape; export the model with a fixed input shape.");
        }

        if (tensor.ElemType is not (1 or 11 or 10))
        {
            throw new ModelFormatException($"The input '{input.Name}' of {_file} has element type {tensor.ElemType}, but ExactLip needs a floating-point input; export the model with a float input.");
        }

        var dims = tensor.Shape.Dim;
        var shape = new int[dims.Count];
        var symbolicBatch = false;
        for (var a = 0; a < dims.Count; a++)
        {
            var known = dims[a].ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue && dims[a].DimValue > 0;
            if (!known && a == 0 && dims.Count >= 2)
            {
                // A symbolic leading axis is the batch: one sample at a time.
                symbolicBatch = true;
                shape[a] = 1;
                continue;
            }

            if (!known)
            {
                throw new ModelFormatException($"The input '{input.Name}' of {_file} has an unknown size on axis {a}; export the model with a fixed input shape.");
            }

            shape[a] = dims[a].DimValue <= OnnxTensor.MaxValues ? (int)dims[a].DimValue
                : throw new ModelFormatException($"The input '{input.Name}' of {_file} has {dims[a].DimValue} values on axis {a}, more than the {OnnxTensor.MaxValues} ExactLip holds in one tensor; export the model with a smaller input.");
        }

        if (shape.Aggregate(1.0, (p, d) => p * d) > OnnxTensor.MaxValues)
        {
            throw new ModelFormatException($"The input '{input.Name}' of {_file} has shape [{string.Join(",", shape)}], more than the {OnnxTensor.MaxValues} values ExactLip holds in one tensor; export the model with a smaller input.");
        }

        // A leading axis of size 1 (or symbolic) on an input of rank ≥ 2 is read as the batch
        // axis; a rank-1 input is one sample's vector.
        hasBatch = shape.Length >= 2 && (symbolicBatch || shape[0] == 1);
        return shape;
    }

    private IEnumerable<(NodeProto Node, int Index)> TopologicalOrder(HashSet<string> initializers, string input)
    {
        var available = new HashSet<string>(initializers, StringComparer.Ordinal) { input, string.Empty };
        var pending = _graph.Node.Select((n, i) => (Node: n, Index: i)).ToList();
        while (pending.Count > 0)
        {
            var next = pending.FindIndex(p => p.Node.Input.All(available.Contains));
            if (next < 0)
            {
                var stuck = pending[0].Node;
                var missing = stuck.Input.First(i => !available.Contains(i));
                throw new ModelFormatException($"The ONNX graph in {_file} reads tensor '{missing}' at node '{stuck.Name}' ({stuck.OpType}) that no node produces, or has a cycle; re-export the model.");
            }

            var (node, index) = pending[next];
            pending.RemoveAt(next);
            foreach (var o in node.Output)
            {
                available.Add(o);
            }

            yield return (node, index);
        }
    }

    private NeuralNetwork Finish(ImportContext context, string inputName)
    {
        if (_graph.Output.Count != 1)
        {
            throw new ModelFormatException($"{_file} has {_graph.Output.Count} graph outputs, but ExactLip needs exactly one; export a model with a single output tensor.");
        }

        var output = _graph.Output[0].Name;
        var activation = context.FindActivation(output);
        if (activation is null)
        {
            throw new ModelFormatException($"The output '{output}' of {_file} does not depend on the input '{inputName}'; export a model whose output is computed from its input.");
        }

        if (context.LiveState.Count != 1 || context.LiveState[0] != activation)
        {
            // Tensors no node read after their last use (an unused branch) are left behind.
            context.SelectOnly(activation, "output");
        }

        var inputActivation = context.FindActivation(inputName)!;
        var name = Path.GetFileNameWithoutExtension(_file);
        var layers = context.Layers;
        if (layers.Count > 0 && !layers[^1].OutputShape.Equals(context.SampleShape(activation.Shape)))
        {
            // The last layer worked on the whole state, a vector: give the output its tensor shape.
            layers.Add(new Network.Layers.ReshapeLayer(layers[^1].OutputShape, context.SampleShape(activation.Shape), "reshape"));
        }

        return new NeuralNetwork(name, layers, context.SampleShape(inputActivation.Shape));
    }
}

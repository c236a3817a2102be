using ExactLip.Core;
using ExactLip.Import.Onnx.Proto;
using ExactLip.Network;

namespace ExactLip.Import.Onnx;

/// <summary>
/// The state of one import: every named tensor is either a constant or an activation (a tensor
/// computed from the input), and the layers appended so far, which carry every live activation
/// (<see cref="LiveTensors"/>). Converters report problems through <see cref="Error"/>, which
/// names the operator, the node and the file.
/// </summary>
internal sealed class ImportContext
{
    private readonly Dictionary<string, OnnxTensor> _constants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Activation> _activations = new(StringComparer.Ordinal);
    private LiveTensors? _live;
    private Activation? _pending;

    public ImportContext(string file, long opset, bool hasBatch)
    {
        File = file;
        Opset = opset;
        HasBatch = hasBatch;
    }

    public string File { get; }

    /// <summary>The version of the default ONNX operator set the model imports.</summary>
    public long Opset { get; }

    /// <summary>True when the model's input has a leading batch axis (fixed to 1 here).</summary>
    public bool HasBatch { get; }

    public List<Layer> Layers { get; } = new();

    /// <summary>How the node being converted is named in messages.</summary>
    public string NodeLabel { get; set; } = string.Empty;

    public ModelFormatException Error(NodeProto node, string text) =>
        new($"The ONNX operator '{node.OpType}' at node {NodeLabel} in {File} {text}.");

    /// <summary>A float attribute, which must be a finite number: it becomes weights of the network.</summary>
    public float Float(NodeProto node, string name, float fallback)
    {
        var value = NodeAttributes.Float(node, name, fallback);
        return float.IsFinite(value) ? value : throw Error(node, $"has the attribute {name} = {value}, but ExactLip needs finite weights; re-export the model");
    }

    public bool IsConstant(string name) => _constants.ContainsKey(name);

    public bool IsActivation(string name) => _activations.ContainsKey(name);

    public bool HasInput(NodeProto node, int index) => node.Input.Count > index && node.Input[index].Length > 0;

    public Activation? FindActivation(string name) => _activations.GetValueOrDefault(name);

    public void SetConstant(string name, OnnxTensor tensor) => _constants[name] = tensor;

    public OnnxTensor Constant(NodeProto node, int index, string role)
    {
        if (!HasInput(node, index))
        {
            throw Error(node, $"has no {role} input; re-export the model with it");
        }

        var name = node.Input[index];
        if (_constants.TryGetValue(name, out var t))
        {
            return t;
        }

        throw Error(node, $"takes its {role} '{name}' from the network's activation, but ExactLip needs it to be a constant; export the model with constant {role}s");
    }

    public OnnxTensor? OptionalConstant(NodeProto node, int index, string role) => HasInput(node, index) ? Constant(node, index, role) : null;

    /// <summary>
    /// The activation input <paramref name="index"/>; the next <see cref="Emit"/> applies its
    /// layer to it.
    /// </summary>
    public Activation Activation(NodeProto node, int index)
    {
        var name = node.Input[index];
        if (!_activations.TryGetValue(name, out var a))
        {
            throw Error(node, $"reads '{name}', which is not the network's activation");
        }

        _pending = a;
        return a;
    }

    /// <summary>
    /// The names every node reads, with the graph's output: a node with several outputs (Split)
    /// emits layers only for the ones read.
    /// </summary>
    public HashSet<string> Consumed { get; } = new(StringComparer.Ordinal);

    /// <summary>Starts converting node <paramref name="index"/>.</summary>
    public void Begin(NodeProto node, int index)
    {
        _pending = null;
        _live!.Begin(index, node.Input.Where(i => i.Length > 0));
    }

    /// <summary>
    /// Appends a layer applied to the activation last read (or last emitted by this node), which
    /// becomes the node's first output; other live tensors are carried around it (<see cref="LiveTensors"/>).
    /// </summary>
    public void Emit(NodeProto node, Layer layer, int[] outputShape)
    {
        var x = _pending ?? throw Error(node, "has no activation input; re-export the model");
        RequireValues(node, outputShape);
        var output = NewActivation(node.Output[0], outputShape, (x.NonNegative && KeepsSign(layer)) || layer is Network.Layers.ReluLayer);
        Layers.AddRange(_live!.Lift(layer, x, output, text => Error(node, text)));
        _pending = output;
    }

    /// <summary>
    /// Appends one affine layer that makes the node's outputs from live tensors: each output
    /// element a weighted sum of elements of them plus a constant (Add/Sub of two activations,
    /// Concat, Split). <paramref name="nonNegative"/> says an output is ≥ 0 by construction.
    /// </summary>
    public void EmitMap(NodeProto node, IReadOnlyList<(string Name, int[] Shape, IReadOnlyList<IReadOnlyList<(Activation Source, int Index, double Weight)>> Rows, double[] Bias, bool NonNegative)> outputs, string kind)
    {
        foreach (var o in outputs)
        {
            RequireValues(node, o.Shape);
        }

        var made = outputs.Select(o => (NewActivation(o.Name, o.Shape, o.NonNegative), o.Rows, o.Bias)).ToList();
        Layers.Add(_live!.Map(made, kind));
        _pending = made[^1].Item1;
    }

    /// <summary>The activation the last layer of this node made (what the next <see cref="Emit"/> reads).</summary>
    public Activation? Pending => _pending;

    /// <summary>Keeps <paramref name="t"/> carried while this node still reads it in a later step (<see cref="LiveTensors.Pin"/>).</summary>
    public void Pin(Activation t, bool pinned) => _live!.Pin(t, pinned);

    /// <summary>Makes the node's first output another name of an activation (no layer).</summary>
    public void Alias(NodeProto node, Activation activation)
    {
        _activations[node.Output[0]] = activation;
        activation.Names.Add(node.Output[0]);
    }

    /// <summary>Declares the graph input; <paramref name="readers"/> counts each tensor's readers.</summary>
    public void AddInput(string name, int[] shape, Dictionary<string, int> readers)
    {
        var input = NewActivation(name, shape, nonNegative: false, producer: -1);
        _live = new LiveTensors(readers, input);
    }

    /// <summary>The tensors the chain's state holds after the layers so far.</summary>
    public IReadOnlyList<Activation> LiveState => _live!.State;

    /// <summary>Appends a layer that keeps only <paramref name="output"/> (the graph's output) in the state.</summary>
    public void SelectOnly(Activation output, string kind) => Layers.Add(_live!.Select(new[] { output }, kind));

    /// <summary>
    /// Refuses an activation with no values (a weight with a zero dimension) or more than
    /// <see cref="OnnxTensor.MaxValues"/> (an <see cref="OverflowException"/> the importer words).
    /// </summary>
    private void RequireValues(NodeProto node, int[] shape)
    {
        if (OnnxTensor.ShapeSize(shape) == 0)
        {
            throw Error(node, $"makes a tensor of shape [{string.Join(",", shape)}], which holds no values; re-export the model");
        }
    }

    private Activation NewActivation(string name, int[] shape, bool nonNegative, int? producer = null)
    {
        var a = new Activation(shape, producer ?? _live!.CurrentNode, nonNegative);
        a.Names.Add(name);
        _activations[name] = a;
        return a;
    }

    /// <summary>
    /// True for a linear layer whose every output is one input or a constant ≥ 0 (a reshape, a
    /// selection, zero padding): it keeps a non-negative tensor non-negative.
    /// </summary>
    private static bool KeepsSign(Layer layer)
    {
        if (layer is not Network.Layers.LinearLayer linear)
        {
            return false;
        }

        var m = linear.Matrix;
        for (var i = 0; i < m.Rows; i++)
        {
            if (m.RowStart[i + 1] - m.RowStart[i] > 1 || linear.Bias[i] < 0)
            {
                return false;
            }
        }

        return Array.TrueForAll(m.Values, v => v == 1);
    }

    /// <summary>
    /// One sample's shape: the full ONNX shape without the leading batch axis when the model
    /// has one (only a leading 1 is dropped, so ranks from reshapes stay truthful).
    /// </summary>
    public Shape SampleShape(int[] full) => DropsBatch(full) ? new Shape(full[1..]) : new Shape(full);

    public bool DropsBatch(int[] full) => HasBatch && full.Length >= 2 && full[0] == 1;
}

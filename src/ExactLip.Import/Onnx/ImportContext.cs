using ExactLip.Core;
using ExactLip.Import.Onnx.Proto;
using ExactLip.Network;

namespace ExactLip.Import.Onnx;

/// <summary>
/// The state of one import: every named tensor is either a constant or the activation, and
/// the layers appended so far. Converters report problems through <see cref="Error"/>, which
/// names the operator, the node and the file.
/// </summary>
internal sealed class ImportContext
{
    private readonly Dictionary<string, OnnxTensor> _constants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Activation> _activations = new(StringComparer.Ordinal);

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

    /// <summary>The activation input <paramref name="index"/>, checked to continue the chain.</summary>
    public Activation Activation(NodeProto node, int index)
    {
        var name = node.Input[index];
        if (!_activations.TryGetValue(name, out var a))
        {
            throw Error(node, $"reads '{name}', which is not the network's activation");
        }

        if (a.Position != Layers.Count)
        {
            throw Error(node, $"reads '{name}' after a later operation already consumed it, which makes a branching graph; {ChainsOnly}");
        }

        return a;
    }

    /// <summary>Why a graph that branches or joins two activations is refused, in the words every such message ends with.</summary>
    public const string ChainsOnly = "this is not supported yet: ExactLip supports chain networks; residual connections are planned";

    /// <summary>The refusal of a node that joins two different activations (a residual connection or a branch).</summary>
    public ModelFormatException JoinsActivations(NodeProto node, string what) =>
        Error(node, $"{what} two different activations, which makes a branching graph (a residual connection or parallel branches); {ChainsOnly}");

    /// <summary>
    /// The names every node reads, with the graph's output: a node with several outputs (Split)
    /// emits a layer only for the one the chain goes on with.
    /// </summary>
    public HashSet<string> Consumed { get; } = new(StringComparer.Ordinal);

    /// <summary>Appends a layer that turns the activation into the node's first output.</summary>
    public void Emit(NodeProto node, Layer layer, int[] outputShape)
    {
        Layers.Add(layer);
        _activations[node.Output[0]] = new Activation(outputShape, Layers.Count);
    }

    /// <summary>Makes the node's first output another name of an activation (no layer).</summary>
    public void Alias(NodeProto node, Activation activation) => _activations[node.Output[0]] = activation;

    public void AddInput(string name, int[] shape) => _activations[name] = new Activation(shape, 0);

    /// <summary>
    /// One sample's shape: the full ONNX shape without the leading batch axis when the model
    /// has one (only a leading 1 is dropped, so ranks from reshapes stay truthful).
    /// </summary>
    public Shape SampleShape(int[] full) => DropsBatch(full) ? new Shape(full[1..]) : new Shape(full);

    public bool DropsBatch(int[] full) => HasBatch && full.Length >= 2 && full[0] == 1;
}

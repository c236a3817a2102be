using ExactLip.Core;
using ExactLip.Import.Onnx.Proto;
using ExactLip.Network;
using Google.Protobuf;

namespace ExactLip.Import.Onnx;

/// <summary>
/// Reads an ONNX file into a <see cref="NeuralNetwork"/> of float64 layers.
/// Implementation note: the graph is walked in topological order from its one real input
/// (initializers that are also listed as inputs are constants). Each tensor is either a
/// constant, folded at import, or an activation; each operator on an activation appends its
/// layer, and a graph that is not a chain is lowered to one over the tensors still live
/// (<see cref="LiveTensors"/>), so the layer list follows the file, and
/// <see cref="NeuralNetwork.Simplify"/> fuses linear runs later where that is exact. Everything a user can get
/// wrong ends in one <see cref="ModelFormatException"/> sentence.
/// </summary>
public static class OnnxImporter
{
    public static NeuralNetwork Load(string path) => Read(path).Network;

    /// <summary>Reads a model from its bytes; <paramref name="name"/> names it in messages.</summary>
    public static NeuralNetwork Load(byte[] bytes, string name) => Read(bytes, name).Network;

    /// <summary>Reads a model and records what each ONNX node became (exactlip check-model prints it).</summary>
    public static OnnxImport Read(string path)
    {
        var bytes = UserFile.ReadAllBytes(path, $"The model file {path}", m => new ModelFormatException(m));
        return Read(bytes, path);
    }

    /// <summary>Reads a model from its bytes, recording what each node became; <paramref name="name"/> names it in messages.</summary>
    public static OnnxImport Read(byte[] bytes, string name)
    {
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ModelFormatException($"{name} is not a valid ONNX file (its protobuf data is corrupt); re-export or re-download the model.", e);
        }

        if (model.Graph is null || (model.Graph.Node.Count == 0 && model.Graph.Input.Count == 0))
        {
            throw new ModelFormatException($"{name} holds no ONNX graph; re-export or re-download the model.");
        }

        var walker = new GraphWalker(model, name);
        var network = walker.Run();
        return new OnnxImport(network, walker.Conversions);
    }
}

using ExactLip.Core;
using ExactLip.Import.Json;
using ExactLip.Import.Onnx;
using ExactLip.Network;

namespace ExactLip.Import;

/// <summary>Loads a network from a file, choosing the reader by extension (.onnx, .json).</summary>
public static class ModelLoader
{
    public static NeuralNetwork Load(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".onnx" => OnnxImporter.Load(path),
        ".json" => JsonNetworkFormat.Load(path),
        var ext => throw new ModelFormatException($"The model file {path} has extension '{ext}', which ExactLip does not read; use an .onnx or .json (exactlip-json) file."),
    };
}

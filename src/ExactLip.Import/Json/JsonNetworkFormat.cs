using System.Text.Json;
using System.Text.Json.Nodes;
using ExactLip.Core;
using ExactLip.Network;
using ExactLip.Network.Layers;

namespace ExactLip.Import.Json;

/// <summary>
/// ExactLip's small JSON network format (see docs/json-format.md): an input size and a list of
/// dense and relu layers, dense weights as rows (one per output). Saving writes every linear
/// layer as the dense matrix it stands for, so any network of linear and ReLU layers round-trips.
/// </summary>
public static class JsonNetworkFormat
{
    public const string FormatName = "exactlip-json";
    public const int Version = 1;

    public static NeuralNetwork Load(string path)
    {
        return Parse(UserFile.ReadAllText(path, $"The model file {path}", m => new ModelFormatException(m)), path);
    }

    /// <summary>Reads a network from JSON text; <paramref name="name"/> names it in messages.</summary>
    public static NeuralNetwork Parse(string json, string name)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ModelFormatException($"{name} is not valid JSON ({e.Message.TrimEnd('.')}); fix the file.", e);
        }

        if (root is not JsonObject obj || (string?)obj["format"] != FormatName)
        {
            throw new ModelFormatException($"{name} is not an ExactLip JSON network (it needs \"format\": \"{FormatName}\"); see docs/json-format.md.");
        }

        try
        {
            return Read(obj, name);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException or NullReferenceException)
        {
            throw new ModelFormatException($"{name} has a malformed field ({e.Message.TrimEnd('.')}); see docs/json-format.md.", e);
        }
    }

    private static NeuralNetwork Read(JsonObject obj, string name)
    {
        var version = (int?)obj["version"] ?? 0;
        if (version != Version)
        {
            throw new ModelFormatException($"{name} is ExactLip JSON version {version}, but this ExactLip reads version {Version}; convert the file.");
        }

        var inputShape = new Shape((obj["input_shape"] as JsonArray ?? throw new ModelFormatException($"{name} has no \"input_shape\"; see docs/json-format.md."))
            .Select(d => (int)d!).ToArray());
        var layers = new List<Layer>();
        var width = inputShape.Size;
        var shape = inputShape;
        var index = 0;
        foreach (var node in obj["layers"] as JsonArray ?? throw new ModelFormatException($"{name} has no \"layers\" list; see docs/json-format.md."))
        {
            var type = (string?)node!["type"];
            switch (type)
            {
                case "dense":
                    var rows = (node["weights"] as JsonArray)!.Select(r => (r as JsonArray)!.Select(v => (double)v!).ToArray()).ToArray();
                    var bias = (node["bias"] as JsonArray)?.Select(v => (double)v!).ToArray() ?? new double[rows.Length];
                    if (rows.Any(r => r.Length != width) || bias.Length != rows.Length)
                    {
                        throw new ModelFormatException($"Layer {index} (dense) of {name} needs {rows.Length} rows of {width} weights and {rows.Length} biases; fix its sizes.");
                    }

                    Preconditions.AllFinite(rows.SelectMany(r => r).Concat(bias).ToArray(), $"Layer {index} of {name}");
                    var dense = rows.SelectMany(r => r).ToArray();
                    layers.Add(new AffineLayer(shape, Shape.Vector(rows.Length), SparseMatrix.FromDense(rows.Length, width, dense), bias));
                    width = rows.Length;
                    shape = Shape.Vector(width);
                    break;
                case "relu":
                    layers.Add(new ReluLayer(shape, NegativeSlope(node, index, name)));
                    break;
                default:
                    throw new ModelFormatException($"Layer {index} of {name} has type '{type}'; the JSON format knows \"dense\" and \"relu\".");
            }

            index++;
        }

        return new NeuralNetwork(Path.GetFileNameWithoutExtension(name), layers, inputShape);
    }

    /// <summary>A relu layer's optional "alpha" (its slope below 0; 0, ReLU, when left out), in [0, 1).</summary>
    private static double NegativeSlope(JsonNode node, int index, string name)
    {
        if (node["alpha"] is not { } value)
        {
            return 0;
        }

        var alpha = value is JsonValue v && v.TryGetValue<double>(out var number) ? number : double.NaN;
        return alpha >= 0 && alpha < 1
            ? alpha
            : throw new ModelFormatException($"Layer {index} (relu) of {name} has \"alpha\" {value.ToJsonString()}; it must be a number in [0, 1).");
    }

    public static void Save(NeuralNetwork network, string path) => File.WriteAllText(path, Serialize(network));

    public static string Serialize(NeuralNetwork network)
    {
        var layers = new JsonArray();
        foreach (var layer in network.Layers)
        {
            switch (layer)
            {
                case LinearLayer linear:
                    var weights = new JsonArray();
                    for (var i = 0; i < linear.OutputSize; i++)
                    {
                        var row = new double[linear.InputSize];
                        foreach (var (col, value) in linear.Matrix.Row(i))
                        {
                            row[col] = value;
                        }

                        weights.Add((JsonNode)new JsonArray(row.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()));
                    }

                    layers.Add((JsonNode)new JsonObject
                    {
                        ["type"] = "dense",
                        ["weights"] = weights,
                        ["bias"] = new JsonArray(linear.Bias.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
                    });
                    break;
                case ReluLayer relu:
                    var reluNode = new JsonObject { ["type"] = "relu" };
                    if (relu.NegativeSlope != 0)
                    {
                        reluNode["alpha"] = relu.NegativeSlope;
                    }

                    layers.Add((JsonNode)reluNode);
                    break;
                default:
                    throw new ExactLipException($"The network {network.Name} has a {layer.Kind} layer, which the JSON format cannot hold; save it as ONNX instead.");
            }
        }

        var root = new JsonObject
        {
            ["format"] = FormatName,
            ["version"] = Version,
            ["input_shape"] = new JsonArray(network.InputShape.Dims.Select(d => (JsonNode?)JsonValue.Create(d)).ToArray()),
            ["layers"] = layers,
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }
}

using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Network;

namespace ExactLip.Cli;

/// <summary>
/// The JSON form of a certify result. Field names are a contract: value, lower, upper, status,
/// stop, witness.x, solver, seconds, nodes, unstable_neurons, binaries; the rest is added
/// around them. The file is written to a temporary name and renamed, so a crash never leaves a
/// half-written result.
/// </summary>
public sealed class CertificateRecord
{
    private readonly Certificate _cert;
    private readonly string _modelPath;
    private readonly Box _box;
    private readonly LipschitzQuantity _quantity;
    private readonly CertifyOptions _options;

    public CertificateRecord(Certificate cert, string modelPath, Box box, LipschitzQuantity quantity, CertifyOptions options)
    {
        _cert = cert;
        _modelPath = modelPath;
        _box = box;
        _quantity = quantity;
        _options = options;
    }

    public JsonObject ToJson()
    {
        var cert = _cert;
        return new JsonObject
        {
            ["value"] = cert.Value,
            ["lower"] = cert.Lower,
            ["upper"] = Finite(cert.Upper),
            ["status"] = cert.Status.Name(),
            ["stop"] = cert.Stop.Name(),
            ["witness"] = new JsonObject
            {
                ["x"] = Array(cert.Witness.X),
                ["c"] = Array(cert.Witness.C),
                ["value"] = cert.Witness.Value,
                ["source"] = cert.Witness.Source,
                ["pattern"] = new JsonArray(cert.Witness.Pattern.Select(p => (JsonNode?)JsonValue.Create(p)).ToArray()),
                ["onnxruntime_output"] = cert.Witness.OnnxRuntimeOutput is { } ort ? Array(ort) : null,
            },
            ["method"] = cert.Method,
            ["closed_by"] = cert.ClosedByEngine?.Name(),
            ["upper_bound_source"] = cert.UpperSource.Name(),
            ["engines"] = new JsonArray(cert.EngineRuns.Select(e => (JsonNode)new JsonObject
            {
                ["engine"] = e.Engine.Name(),
                ["solver"] = e.Solver,
                ["status"] = e.Status.Name(),
                ["stop"] = e.Stop.Name(),
                ["lower"] = e.Lower,
                ["upper"] = Finite(e.Upper),
                ["seconds"] = e.Seconds,
                ["nodes"] = e.Nodes,
                ["cancelled"] = e.Cancelled,
                ["started"] = e.Started,
            }).ToArray()),
            ["solver"] = cert.Solver,
            ["solver_version"] = cert.SolverVersion,
            ["seconds"] = cert.Seconds,
            ["nodes"] = cert.Nodes,
            ["unstable_neurons"] = cert.UnstableNeurons,
            ["binaries"] = cert.Binaries,
            ["unstable_by_bounds"] = new JsonObject(cert.UnstableByBounds.Select(kv => new KeyValuePair<string, JsonNode?>(kv.Key, kv.Value))),
            ["quantity"] = cert.Quantity,
            ["input_norm"] = _quantity.InputNorm.Name(),
            ["output_norm"] = _quantity.IsScalar ? null : _quantity.OutputNorm.Name(),
            ["c"] = _quantity.C is { } c ? Array(c) : null,
            ["bounds"] = cert.BoundsMethod,
            ["bounds_upper"] = Finite(cert.BoundsUpper),
            ["tolerance"] = cert.Tolerance,
            ["gap"] = _options.Gap,
            ["time_limit"] = _options.TimeLimit?.TotalSeconds,
            ["model"] = _modelPath,
            ["model_sha256"] = Sha256(_modelPath),
            ["box"] = new JsonObject { ["lo"] = Array(_box.Lower.ToArray()), ["hi"] = Array(_box.Upper.ToArray()) },
            ["subproblems"] = new JsonArray(cert.Subproblems.Select(s => (JsonNode)new JsonObject
            {
                ["index"] = s.Index,
                ["c"] = s.C is { } sc ? Array(sc) : null,
                ["lower"] = s.Lower,
                ["upper"] = Finite(s.Upper),
                ["outcome"] = s.Outcome,
                ["nodes"] = s.Nodes,
                ["seconds"] = s.Seconds,
                ["binaries"] = s.Binaries,
                ["unstable_neurons"] = s.UnstableNeurons,
                ["excluded_patterns"] = s.ExcludedPatterns,
                ["engine"] = s.Engine?.Name(),
            }).ToArray()),
            ["history"] = new JsonArray(cert.History.Select(h => (JsonNode)new JsonObject
            {
                ["seconds"] = h.Seconds,
                ["lower"] = h.Lower,
                ["upper"] = Finite(h.Upper),
                ["engine"] = h.Engine?.Name(),
            }).ToArray()),
            ["notes"] = new JsonArray(cert.Notes.Select(n => (JsonNode)JsonValue.Create(n)!).ToArray()),
        };
    }

    public void Write(string path)
    {
        // Relaxed escaping keeps ‖, ∇ and → readable in the file; it is still valid JSON.
        var text = ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        if (path == "-")
        {
            Console.Out.WriteLine(text);
            return;
        }

        AtomicFile.Write(path, text + Environment.NewLine, "result");
    }

    private static JsonArray Array(IEnumerable<double> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;

    private static string? Sha256(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (IOException)
        {
            return null;
        }
    }
}

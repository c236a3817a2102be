using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ExactLip.Core;
using ExactLip.Import.Onnx;
using ExactLip.ModelCheck;

namespace ExactLip.Cli;

/// <summary>check-model's summary and its JSON form (field names are a contract, like certify's).</summary>
public sealed class CheckModelReport
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;
    private readonly string _path;
    private readonly OnnxImport _import;
    private readonly OnnxRuntimeModel _runtime;
    private readonly CheckPoints _points;
    private readonly ImporterCheckResult _result;
    private readonly double _seconds;

    public CheckModelReport(string path, OnnxImport import, OnnxRuntimeModel runtime, CheckPoints points, ImporterCheckResult result, double seconds)
    {
        _path = path;
        _import = import;
        _runtime = runtime;
        _points = points;
        _result = result;
        _seconds = seconds;
    }

    public void Print(TextWriter w)
    {
        var network = _import.Network;
        w.WriteLine($"model:        {_path}");
        w.WriteLine($"onnxruntime:  {OnnxRuntimeModel.Version}, CPU, {_runtime.ElementType} input '{_runtime.InputName}' [{string.Join(", ", _runtime.InputShape)}]");
        w.WriteLine($"exactlip:     {network.InputShape} -> {network.OutputShape}, {network.Layers.Count} layers, {network.ReluNeurons} ReLU neurons");
        w.WriteLine("operators:    (ONNX operator → ExactLip layer)");
        foreach (var op in OperatorSummary.Of(_import.Conversions))
        {
            w.WriteLine($"              {op}");
        }

        var corners = _points.AllCorners
            ? $"all {_points.Corners} corners"
            : $"{_points.Corners} of 2^{_points.WideDimensions} corners, at random";
        w.WriteLine($"points:       {_result.Points} ({corners}, the centre, {_result.Points - _points.Corners - 1} random points), {_result.Directions} directions");
        w.WriteLine($"outputs:      {Line(_result.Outputs)}");
        w.WriteLine(_result.Derivatives is { } d
            ? $"derivatives:  {Line(d)} (central differences, step {ImporterCheck.Step.ToString("G", C)} of the half-widths)"
            : "derivatives:  none (the box has no width)");
        w.WriteLine(_result.Agree
            ? $"result:       agree to {_runtime.ElementType} accuracy (threshold {_result.Tolerance.ToString("G", C)} of the output scale), {_seconds.ToString("0.00", C)} s"
            : $"result:       DISAGREE beyond {_runtime.ElementType} accuracy: ExactLip's import is not the model ONNX Runtime runs (worst at point {Worst()}), so certificates about it are not about this model");
    }

    public JsonObject ToJson() => new()
    {
        ["model"] = _path,
        ["agree"] = _result.Agree,
        ["onnxruntime_version"] = OnnxRuntimeModel.Version,
        ["element_type"] = _runtime.ElementType,
        ["input_name"] = _runtime.InputName,
        ["input_shape"] = new JsonArray(_runtime.InputShape.Select(d => (JsonNode)d).ToArray()),
        ["tolerance"] = _result.Tolerance,
        ["points"] = _result.Points,
        ["corners"] = _points.Corners,
        ["all_corners"] = _points.AllCorners,
        ["directions"] = _result.Directions,
        ["outputs"] = Json(_result.Outputs),
        ["derivatives"] = _result.Derivatives is { } d ? Json(d) : null,
        ["derivative_step"] = ImporterCheck.Step,
        ["operators"] = new JsonArray(OperatorSummary.Of(_import.Conversions).Select(o => (JsonNode)new JsonObject
        {
            ["op"] = o.OpType,
            ["count"] = o.Count,
            ["became"] = new JsonArray(o.Became.Select(b => (JsonNode)b).ToArray()),
        }).ToArray()),
        ["seconds"] = _seconds,
    };

    public void Write(string path)
    {
        var text = ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        if (path == "-")
        {
            Console.Out.WriteLine(text);
            return;
        }

        AtomicFile.Write(path, text + Environment.NewLine, "comparison");
    }

    private static string Line(DifferenceSummary s) =>
        $"max |Δ| {s.MaxAbs.ToString("G3", C)}, relative {s.MaxRelative.ToString("G3", C)} of the scale {s.Scale.ToString("G4", C)} (threshold {s.Threshold.ToString("G3", C)}{(s.Agree ? string.Empty : ", EXCEEDED")})";

    private static JsonObject Json(DifferenceSummary s) => new()
    {
        ["max_abs"] = Finite(s.MaxAbs),
        ["max_rel"] = Finite(s.MaxRelative),
        ["scale"] = s.Scale,
        ["threshold"] = s.Threshold,
        ["worst_point"] = s.WorstPoint,
        ["agree"] = s.Agree,
    };

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;

    private string Worst() => (_result.Outputs.Agree ? _result.Derivatives!.WorstPoint : _result.Outputs.WorstPoint).ToString(C);
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Estimators;
using ExactLip.Network;

namespace ExactLip.Cli;

/// <summary>
/// The JSON (and CSV) form of an estimate or compare run. Field names are a contract scripts rely
/// on: <c>exact</c> (the certify result object, or null when no exact run was made),
/// <c>estimates</c> with <c>method</c>, <c>kind</c>, <c>scope</c>, <c>anchored</c>,
/// <c>norm</c>, <c>value</c>, <c>seconds</c>; the rest is added around them.
/// </summary>
public sealed class EstimatesRecord
{
    private readonly string _modelPath;
    private readonly Box _box;
    private readonly LipschitzQuantity _quantity;
    private readonly EstimationReport _report;

    public EstimatesRecord(string modelPath, Box box, LipschitzQuantity quantity, EstimationReport report)
    {
        _modelPath = modelPath;
        _box = box;
        _quantity = quantity;
        _report = report;
    }

    /// <summary>The exact run's record (compare), or null.</summary>
    public CertificateRecord? Exact { get; init; }

    /// <summary>Why there is no exact run (compare with ℓ2), or null.</summary>
    public string? ExactUnavailable { get; init; }

    public Reference? Reference { get; init; }

    public JsonObject ToJson()
    {
        var reference = Reference;
        return new JsonObject
        {
            ["model"] = _modelPath,
            ["quantity"] = _quantity.Describe(),
            ["input_norm"] = _quantity.InputNorm.Name(),
            ["output_norm"] = _quantity.IsScalar ? null : _quantity.OutputNorm.Name(),
            ["c"] = _quantity.C is { } c ? Numbers(c) : null,
            ["box"] = new JsonObject { ["lo"] = Numbers(_box.Lower.ToArray()), ["hi"] = Numbers(_box.Upper.ToArray()) },
            ["exact"] = Exact?.ToJson(),
            ["exact_unavailable"] = ExactUnavailable,
            ["reference"] = reference is null ? null : new JsonObject
            {
                ["lower"] = reference.Lower,
                ["upper"] = Finite(reference.Upper),
                ["exact"] = reference.IsExact,
                ["source"] = reference.Source,
            },
            ["estimates"] = new JsonArray(_report.Estimates.Select(e =>
            {
                var (low, high) = reference?.RatioRange(e.Value) ?? (null, null);
                return (JsonNode)new JsonObject
                {
                    ["method"] = e.Method,
                    ["kind"] = e.Kind.Name(),
                    ["scope"] = e.Scope.Name(),
                    ["anchored"] = e.Anchored,
                    ["norm"] = e.Norm.Pair,
                    ["converted_from"] = e.Norm.ConvertedFrom,
                    ["conversion_factor"] = e.Norm.ConvertedFrom is null ? null : e.Norm.ConversionFactor,
                    ["value"] = Finite(e.Value),
                    ["seconds"] = e.Seconds,
                    ["detail"] = e.Detail,
                    ["ratio"] = reference?.Ratio(e.Value),
                    ["ratio_low"] = reference is null ? null : low,
                    ["ratio_high"] = reference is null ? null : high,
                };
            }).ToArray()),
            ["skipped"] = new JsonArray(_report.Skipped.Select(s => (JsonNode)new JsonObject { ["method"] = s.Method, ["reason"] = s.Reason }).ToArray()),
        };
    }

    public void WriteJson(string path)
    {
        var text = ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        if (path == "-")
        {
            Console.Out.WriteLine(text);
            return;
        }

        AtomicFile.Write(path, text + Environment.NewLine, "result");
    }

    /// <summary>One line per estimate (and one for the exact run): method,label,kind,scope,anchored,norm,value,ratio,ratio_low,ratio_high,seconds.</summary>
    public void WriteCsv(string path)
    {
        var c = CultureInfo.InvariantCulture;
        var csv = new StringBuilder("method,label,kind,scope,anchored,norm,value,ratio,ratio_low,ratio_high,seconds\n");
        if (Exact is not null && Reference is { } r)
        {
            csv.Append(c, $"exact,{(r.IsExact ? "exact" : "bounds")},{(r.IsExact ? "exact" : "bounds")},local,false,{MeasuredNorm.PairOf(_quantity)},{(r.IsExact ? r.Upper.ToString("R", c) : string.Empty)},{(r.IsExact ? "1" : string.Empty)},,,{ExactSeconds?.ToString("R", c)}\n");
        }

        foreach (var e in _report.Estimates)
        {
            var (low, high) = Reference?.RatioRange(e.Value) ?? (null, null);
            var ratio = Reference?.Ratio(e.Value);
            csv.Append(c, $"{e.Method},{EstimateLabels.Label(e)},{e.Kind.Name()},{e.Scope.Name()},{(e.Anchored ? "true" : "false")},{Quote(e.Norm.ToString())},{e.Value.ToString("R", c)},{ratio?.ToString("R", c)},{low?.ToString("R", c)},{high?.ToString("R", c)},{e.Seconds.ToString("R", c)}\n");
        }

        AtomicFile.Write(path, csv.ToString(), "CSV table");
    }

    public double? ExactSeconds { get; init; }

    private static string Quote(string s) => s.Contains(',') || s.Contains('"') ? $"\"{s.Replace("\"", "\"\"")}\"" : s;

    private static JsonArray Numbers(IEnumerable<double> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;
}

using System.Text.Json.Nodes;
using ExactLip.Batch.Results;

namespace ExactLip.Batch.Report;

/// <summary>One job of a merged report: its row and the database it came from.</summary>
public sealed record ReportRow(JobRecord Record, string Database)
{
    private readonly JsonObject? _result = Parse(Record.Result);

    /// <summary>A text field of the full result (solver, solver_version, model_sha256, quantity …), or null.</summary>
    public string? ResultText(string field) => _result?[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>A number field of the full result (tolerance, seconds …), or null.</summary>
    public double? ResultNumber(string field) => _result?[field] is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;

    /// <summary>A field of the full result as it is (witness …), or null.</summary>
    public JsonNode? ResultNode(string field) => _result?[field];

    private static JsonObject? Parse(string json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}

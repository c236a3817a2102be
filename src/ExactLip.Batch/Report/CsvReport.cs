using System.Globalization;
using System.Text;

namespace ExactLip.Batch.Report;

/// <summary>
/// The merged table as CSV (RFC 4180: comma-separated, fields with commas, quotes or line breaks
/// quoted). Numbers are written so that they read back to the same double; an empty field is a
/// value that does not exist (no exact value, an infinite upper bound, a job that failed).
/// </summary>
public static class CsvReport
{
    /// <summary>The columns, in order; the first eight are a contract.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        ["id", "model", "status", "stop", "value", "lower", "upper", "seconds", "line", "solver", "solver_version", "quantity", "model_sha256", "error", "job_hash", "database"];

    public static string Write(IEnumerable<ReportRow> rows)
    {
        var text = new StringBuilder();
        text.Append(string.Join(",", Columns)).Append('\n');
        foreach (var row in rows)
        {
            var r = row.Record;
            string[] fields =
            [
                r.Id, r.Model ?? string.Empty, r.Status, r.Stop, Number(r.Value), Number(r.Lower), Number(r.Upper), Number(r.Seconds),
                r.Line.ToString(CultureInfo.InvariantCulture), row.ResultText("solver") ?? string.Empty, row.ResultText("solver_version") ?? string.Empty,
                row.ResultText("quantity") ?? string.Empty, row.ResultText("model_sha256") ?? string.Empty, r.Error ?? string.Empty, r.JobHash, row.Database,
            ];
            text.Append(string.Join(",", fields.Select(Quote))).Append('\n');
        }

        return text.ToString();
    }

    private static string Number(double? value) => value is { } v && double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : string.Empty;

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}

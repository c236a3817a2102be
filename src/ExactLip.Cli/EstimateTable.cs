using ExactLip.Estimators;

namespace ExactLip.Cli;

/// <summary>
/// The one table estimate and compare print: method, label, value, ratio to the reference
/// (compare only), seconds, and the norm each value measures (with any conversion).
/// </summary>
public static class EstimateTable
{
    public static void Print(TextWriter writer, string quantity, IReadOnlyList<Estimate> estimates, IReadOnlyList<(string Method, string Reason)> skipped, Reference? reference, string? exactRow)
    {
        writer.WriteLine($"quantity: {quantity}");
        var header = reference is null
            ? new[] { "method", "label", "value", "seconds", "norm" }
            : new[] { "method", "label", "value", "ratio", "seconds", "norm" };
        var rows = new List<string[]>();
        if (exactRow is not null)
        {
            rows.Add(exactRow.Split('\t'));
        }

        foreach (var e in estimates)
        {
            var cells = new List<string> { e.Method, EstimateLabels.Label(e), EstimateLabels.Number(e.Value) };
            if (reference is not null)
            {
                cells.Add(EstimateLabels.Ratio(reference, e.Value));
            }

            cells.Add(EstimateLabels.Seconds(e.Seconds));
            cells.Add(e.Norm.ToString());
            rows.Add(cells.ToArray());
        }

        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Select(r => i < r.Length ? r[i].Length : 0).DefaultIfEmpty(0).Max())).ToArray();
        writer.WriteLine(Line(header, widths));
        foreach (var row in rows)
        {
            writer.WriteLine(Line(row, widths));
        }

        foreach (var (method, reason) in skipped)
        {
            writer.WriteLine($"skipped {method}: {reason}");
        }
    }

    private static string Line(IReadOnlyList<string> cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Count - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
}

using ExactLip.Batch.Results;

namespace ExactLip.Batch.Report;

/// <summary>
/// Merges any number of results databases into one table, in job-file order.
/// Implementation note: a job is (line, job hash). Shards of one job file hold disjoint lines,
/// so merging them is a union; the same job found in two databases (a shard run twice, a copy)
/// is listed once: a finished row wins over an interrupted one, then the later row.
/// </summary>
public static class ReportTable
{
    public static IReadOnlyList<ReportRow> Merge(IEnumerable<string> databases)
    {
        var rows = databases.SelectMany(path => ResultsReader.Read(path).Select(r => new ReportRow(r, path)));
        return rows
            .GroupBy(r => (r.Record.Line, r.Record.JobHash))
            .Select(g => g
                .OrderBy(r => r.Record.Stop == JobRecord.InterruptedStop ? 1 : 0)
                .ThenByDescending(r => r.Record.FinishedUtc)
                .First())
            .OrderBy(r => r.Record.Line)
            .ThenBy(r => r.Record.Id, StringComparer.Ordinal)
            .ToArray();
    }
}

using System.Text.Json.Nodes;
using ExactLip.Batch.Jobs;
using ExactLip.Batch.Results;
using ExactLip.Certify;

namespace ExactLip.Batch.Report;

/// <summary>One split instance put back together from its parts.</summary>
/// <param name="Instance">The instance's id (the parts' split_of).</param>
/// <param name="Status">exact, bounds (some part unfinished, missing, or the bounds apart), or failed (no part has bounds).</param>
/// <param name="Value">The exact constant, when the bounds meet.</param>
/// <param name="Lower">The best part's certified lower bound, or null when no part has one.</param>
/// <param name="Upper">The largest of the parts' certified upper bounds; null (unknown) while a part has none.</param>
/// <param name="Parts">How many parts the instance was split into.</param>
/// <param name="PartsDone">Parts whose job finished (not interrupted, not failed).</param>
/// <param name="LowerPart">The part ("K/N") whose witness gives the lower bound.</param>
/// <param name="Witness">That part's witness, as its result records it.</param>
public sealed record MergedInstance(
    string Instance,
    string Status,
    double? Value,
    double? Lower,
    double? Upper,
    int Parts,
    int PartsDone,
    double Tolerance,
    string? LowerPart,
    JsonNode? Witness);

/// <summary>
/// Puts split instances back together: the local constant over a box is the largest of the
/// constants over parts that cover it, so the instance lies in [max of the parts' lower bounds,
/// max of their upper bounds]. Exact when those meet within the tolerance (the smallest any part
/// was run with); a part without a row or without a finite upper bound (failed, never run) leaves
/// the upper bound unknown. An interrupted part's bounds are still certified and count, but the
/// part is not done.
/// </summary>
public static class SplitMerge
{
    public static IReadOnlyList<MergedInstance> Merge(IReadOnlyList<ReportRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return rows
            .Select(r => (Row: r, Part: SplitPart.Of(r.Record.Job)))
            .Where(p => p.Part is not null)
            .GroupBy(p => p.Part!.Instance, StringComparer.Ordinal)
            .Select(g => Instance(g.Key, g.Select(p => (p.Row, p.Part!)).ToArray()))
            .ToArray();
    }

    private static MergedInstance Instance(string instance, (ReportRow Row, SplitPart Part)[] parts)
    {
        var count = parts.Max(p => p.Part.Count);
        var byPart = new Dictionary<int, ReportRow>();
        foreach (var (row, part) in parts.OrderBy(p => Finished(p.Row.Record) ? 0 : 1))
        {
            byPart.TryAdd(part.Index, row);
        }

        var withLower = byPart.Where(kv => kv.Value.Record.Lower is not null).ToArray();
        double? lower = withLower.Length == 0 ? null : withLower.Max(kv => kv.Value.Record.Lower!.Value);
        var best = withLower.Where(kv => kv.Value.Record.Lower == lower).Select(kv => (KeyValuePair<int, ReportRow>?)kv).FirstOrDefault();
        var everyUpper = Enumerable.Range(1, count).All(k => byPart.TryGetValue(k, out var r) && r.Record.Upper is { } u && double.IsFinite(u));
        double? upper = everyUpper ? byPart.Values.Max(r => r.Record.Upper!.Value) : null;
        var tolerance = byPart.Values.Select(r => r.ResultNumber("tolerance")).OfType<double>().DefaultIfEmpty(1e-6).Min();
        var done = byPart.Values.Count(r => Finished(r.Record));
        var exact = lower is { } l && upper is { } u2 && Certificate.Agree(l, u2, tolerance);
        var status = exact ? CertificateStatus.Exact.Name() : lower is null ? JobRecord.Failed : CertificateStatus.Bounds.Name();
        return new MergedInstance(
            instance,
            status,
            exact ? lower : null,
            lower,
            upper,
            count,
            done,
            tolerance,
            best is { } b ? new SplitPart(instance, b.Key, count).Spelling : null,
            best is { } w ? w.Value.ResultNode("witness")?.DeepClone() : null);
    }

    private static bool Finished(JobRecord record) => record.Status != JobRecord.Failed && record.Stop != JobRecord.InterruptedStop;
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ExactLip.Batch.Report;
using ExactLip.Core;

namespace ExactLip.Cli;

/// <summary>
/// The output of report --merge-splits: a table, one row per instance, and its JSON form. An upper
/// bound that is not known yet (a part has no result, or none with a finite upper bound) prints
/// as "unknown" and is null in the JSON; so is a lower bound no part has.
/// </summary>
public static class SplitReport
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Print(IReadOnlyList<MergedInstance> instances, string? jsonPath)
    {
        var text = ToJson(instances).ToJsonString(Indented);
        if (jsonPath == "-")
        {
            Console.Out.WriteLine(text);
            return;
        }

        PrintTable(instances, Console.Out);
        if (jsonPath is not null)
        {
            AtomicFile.Write(jsonPath, text + Environment.NewLine, "merged instances");
        }
    }

    public static JsonArray ToJson(IReadOnlyList<MergedInstance> instances) => new(instances.Select(i => (JsonNode)new JsonObject
    {
        ["instance"] = i.Instance,
        ["status"] = i.Status,
        ["value"] = i.Value,
        ["lower"] = i.Lower,
        ["upper"] = i.Upper,
        ["parts"] = i.Parts,
        ["parts_done"] = i.PartsDone,
        ["tolerance"] = i.Tolerance,
        ["lower_part"] = i.LowerPart,
        ["witness"] = i.Witness?.DeepClone(),
    }).ToArray());

    private static void PrintTable(IReadOnlyList<MergedInstance> instances, TextWriter writer)
    {
        var c = CultureInfo.InvariantCulture;
        string N(double? v, string missing) => v is { } x ? x.ToString("R", c) : missing;
        var table = instances.Select(i => new[]
        {
            i.Instance, i.Status, N(i.Value, "-"), N(i.Lower, "-"), N(i.Upper, "unknown"), i.Parts.ToString(c), i.PartsDone.ToString(c),
        }).ToList();
        string[] header = ["instance", "status", "value", "lower", "upper", "parts", "parts_done"];
        var widths = header.Select((h, k) => table.Select(row => row[k].Length).Prepend(h.Length).Max()).ToArray();
        writer.WriteLine(string.Join("  ", header.Select((h, k) => h.PadRight(widths[k]))).TrimEnd());
        foreach (var row in table)
        {
            writer.WriteLine(string.Join("  ", row.Select((v, k) => v.PadRight(widths[k]))).TrimEnd());
        }

        writer.WriteLine(instances.Count == 0
            ? "No split instances in these results (their jobs carry split_of and part, as exactlip split writes them)."
            : $"{instances.Count.ToString(c)} split instances.");
        if (instances.Any(i => i.Upper is null))
        {
            writer.WriteLine("upper 'unknown': a part has no result with a finite upper bound yet (not run, failed, or in a database not given), so no upper bound holds for the whole box.");
        }
    }
}

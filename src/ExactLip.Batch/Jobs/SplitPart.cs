using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ExactLip.Batch.Jobs;

/// <summary>
/// A job that certifies one part of a split instance (exactlip split): the instance's id
/// (<c>split_of</c>) and which of its parts this is (<c>part</c>, "K/N" with 1 ≤ K ≤ N).
/// report --merge-splits puts the parts of an instance back together.
/// </summary>
public sealed record SplitPart(string Instance, int Index, int Count)
{
    /// <summary>The part as the job line writes it: "K/N".</summary>
    public string Spelling => $"{Index.ToString(CultureInfo.InvariantCulture)}/{Count.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Reads "K/N"; null when it is not of that form with 1 ≤ K ≤ N.</summary>
    public static (int Index, int Count)? ParsePart(string? text)
    {
        var parts = (text ?? string.Empty).Split('/', StringSplitOptions.TrimEntries);
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var k)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            && n >= 1 && k >= 1 && k <= n
            ? (k, n)
            : null;
    }

    /// <summary>
    /// Checks the split fields of a job object: both or neither, split_of a non-empty string or a
    /// number, part "K/N". Returns the one sentence for a bad pair, or null.
    /// </summary>
    public static string? Problem(JsonObject job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var (instance, part) = (job[JobFields.SplitOf], job[JobFields.Part]);
        if (instance is null && part is null)
        {
            return null;
        }

        if (instance is null || part is null)
        {
            return "The fields 'split_of' and 'part' go together (a part of a split instance, as exactlip split writes them): give both or neither.";
        }

        if (Text(instance) is not { Length: > 0 })
        {
            return "The field 'split_of' must be a non-empty string or a number: the id of the split instance.";
        }

        return part.GetValueKind() == JsonValueKind.String && ParsePart(part.GetValue<string>()) is not null
            ? null
            : $"The field 'part' must be a string K/N with 1 ≤ K ≤ N (such as \"3/8\"), but it is {part.ToJsonString()}.";
    }

    /// <summary>The split part a job line stands for, or null for a line that is not one (or not JSON).</summary>
    public static SplitPart? Of(string jobLine)
    {
        JsonObject? job;
        try
        {
            job = JsonNode.Parse(jobLine) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }

        if (job is null || Problem(job) is not null || job[JobFields.SplitOf] is not { } instance || job[JobFields.Part] is not { } part)
        {
            return null;
        }

        var (k, n) = ParsePart(part.GetValue<string>())!.Value;
        return new SplitPart(Text(instance)!, k, n);
    }

    private static string? Text(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.String => node.GetValue<string>(),
        JsonValueKind.Number => node.ToJsonString(),
        _ => null,
    };
}

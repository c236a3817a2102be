using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ExactLip.Batch.Jobs;

/// <summary>
/// Turns a job line into its fields (and the certify command it stands for). Only the shape of the line is checked here (a JSON
/// object of known fields whose values are numbers, strings or arrays of numbers); what the values
/// mean is checked by the same code that checks certify's command line (CertifyArguments), so a job gets the same
/// one-sentence errors as the command would.
/// Implementation note: the job's hash is the SHA-256 of its canonical form (keys sorted, no
/// white space, numbers as written), followed by the batch's default time limit when the job
/// sets none. Re-indenting a line or reordering its keys keeps the hash; changing a value (or the
/// default limit that applies) makes it a new job. A line that is not JSON is hashed as written.
/// </summary>
public static class JobParser
{
    private const string HashPrefix = "exactlip-batch-job-1\n";

    public static BatchJob Parse(JobLine line, string jobDirectory, double? defaultTimeLimit)
    {
        var fallbackId = line.Number.ToString(CultureInfo.InvariantCulture);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(line.Text);
        }
        catch (JsonException)
        {
            return Invalid(line, fallbackId, $"The line is not valid JSON: '{Abbreviate(line.Text)}'.");
        }

        if (node is not JsonObject job)
        {
            return Invalid(line, fallbackId, "The line is not a JSON object; a job looks like {\"model\": \"net.onnx\", \"lo\": 0, \"hi\": 1}.");
        }

        var hash = Hash(Canonical(job) + (job.ContainsKey(JobFields.TimeLimit) || defaultTimeLimit is null ? string.Empty : "\n" + Number(defaultTimeLimit.Value)));
        var id = fallbackId;
        if (job[JobFields.Id] is { } idNode)
        {
            if (idNode.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Number))
            {
                return Invalid(line, fallbackId, "The field 'id' must be a string or a number.", hash);
            }

            id = idNode.GetValueKind() == JsonValueKind.String ? idNode.GetValue<string>() : idNode.ToJsonString();
        }

        foreach (var (name, _) in job)
        {
            if (!JobFields.All.Contains(name))
            {
                return Invalid(line, id, $"Unknown field '{name}'; the fields are certify's long option names with _ for -: {string.Join(", ", JobFields.All)}.", hash);
            }
        }

        if (SplitPart.Problem(job) is { } splitProblem)
        {
            return Invalid(line, id, splitProblem, hash);
        }

        if (job[JobFields.Model] is not JsonValue modelValue || modelValue.GetValueKind() != JsonValueKind.String || string.IsNullOrWhiteSpace(modelValue.GetValue<string>()))
        {
            return Invalid(line, id, "The job names no model: give \"model\": \"path/to/net.onnx\" (relative to the job file).", hash);
        }

        var model = Resolve(modelValue.GetValue<string>(), jobDirectory);
        var arguments = new List<string> { model };
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in JobFields.Options)
        {
            if (job[field] is not { } value)
            {
                if (field == JobFields.TimeLimit && defaultTimeLimit is { } limit)
                {
                    arguments.Add(JobFields.OptionName(field));
                    arguments.Add(Number(limit));
                    fields[field] = Number(limit);
                }

                continue;
            }

            var token = Token(value);
            if (token is null)
            {
                return Invalid(line, id, $"The field '{field}' must be a number, a string or an array of numbers, but it is {Describe(value)}.", hash) with { Model = model };
            }

            if (JobFields.Paths.Contains(field))
            {
                token = Resolve(token, jobDirectory);
            }
            else if (token.StartsWith('@'))
            {
                // A vector read from a JSON file (@file.json) is found like the model.
                token = "@" + Resolve(token[1..], jobDirectory);
            }

            arguments.Add(JobFields.OptionName(field));
            arguments.Add(token);
            fields[field] = token;
        }

        string? resumeFrom = null;
        if (job[JobFields.ResumeFrom] is { } start)
        {
            if (start.GetValueKind() != JsonValueKind.String || string.IsNullOrWhiteSpace(start.GetValue<string>()))
            {
                return Invalid(line, id, "The field 'resume_from' must be the path of a checkpoint file (relative to the job file).", hash) with { Model = model };
            }

            resumeFrom = Resolve(start.GetValue<string>(), jobDirectory);
        }

        return new BatchJob(line.Number, id, hash, line.Text, model, arguments, null) { Fields = fields, ResumeFrom = resumeFrom };
    }

    /// <summary>The text certify would read for the value, or null for a value no option takes.</summary>
    private static string? Token(JsonNode value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                return value.GetValue<string>();
            case JsonValueKind.Number:
                return value.ToJsonString();
            case JsonValueKind.Array:
                var items = value.AsArray();
                if (items.Count == 0 || items.Any(i => i is null || i.GetValueKind() != JsonValueKind.Number))
                {
                    return null;
                }

                return string.Join(",", items.Select(i => i!.ToJsonString()));
            default:
                return null;
        }
    }

    private static string Describe(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array that is empty or holds something other than numbers",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static string Resolve(string path, string directory) =>
        Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(directory, path));

    private static BatchJob Invalid(JobLine line, string id, string problem, string? hash = null) =>
        new(line.Number, id, hash ?? Hash(line.Text.Trim()), line.Text, null, Array.Empty<string>(), problem);

    private static string Abbreviate(string text)
    {
        text = text.Trim();
        return text.Length <= 40 ? text : text[..40] + "…";
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Hash(string canonical) =>
        Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(HashPrefix + canonical)));

    /// <summary>Keys sorted at every level, no white space; numbers keep their written form.</summary>
    private static string Canonical(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                return "{" + string.Join(",", o.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => JsonValue.Create(kv.Key).ToJsonString() + ":" + Canonical(kv.Value))) + "}";
            case JsonArray a:
                return "[" + string.Join(",", a.Select(Canonical)) + "]";
            case null:
                return "null";
            default:
                return node.ToJsonString();
        }
    }
}

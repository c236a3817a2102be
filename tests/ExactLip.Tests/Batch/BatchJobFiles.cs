using System.Globalization;
using System.Text.Json.Nodes;
using ExactLip.Batch.Results;
using ExactLip.Core;
using ExactLip.Import.Json;
using ExactLip.Tests.Cli;

namespace ExactLip.Tests.Batch;

/// <summary>
/// Job files for the batch tests: small random networks in the JSON format (each certified in
/// well under a second, with an exact value from region enumeration), and the long-running
/// <see cref="HardNetwork"/> for jobs that must still be running when the test acts.
/// </summary>
public static class BatchJobFiles
{
    /// <summary>A small job: its line and the exact ‖J‖_∞→∞ over its box by region enumeration.</summary>
    public sealed record SmallJob(string Line, double Exact);

    /// <summary>Small jobs over random 2-input networks (fixed seed), each with its own box.</summary>
    public static IReadOnlyList<SmallJob> Small(string folder, int count, int seed = 7)
    {
        var rng = new Random(seed);
        var jobs = new List<SmallJob>();
        for (var i = 0; i < count; i++)
        {
            var network = RandomNetworks.Mlp(rng, 2, [6, 6], 2);
            var name = $"net{i.ToString(CultureInfo.InvariantCulture)}.json";
            JsonNetworkFormat.Save(network, Path.Combine(folder, name));
            var center = new[] { rng.NextDouble() - 0.5, rng.NextDouble() - 0.5 };
            var eps = 0.2 + rng.NextDouble();
            var box = Box.Ball(center, eps);
            var exact = LipschitzReference.Operator(RegionOracle.RegionJacobians(network, box), Norm.Linf, Norm.Linf);
            var line = new JsonObject
            {
                ["id"] = $"small-{i.ToString(CultureInfo.InvariantCulture)}",
                ["model"] = name,
                ["center"] = new JsonArray(center.Select(v => (JsonNode)JsonValue.Create(v)).ToArray()),
                ["eps"] = eps,
                ["solver"] = i % 2 == 0 ? "cbc" : "glpk",
            };
            jobs.Add(new SmallJob(line.ToJsonString(), exact));
        }

        return jobs;
    }

    /// <summary>A job on <see cref="HardNetwork"/> that runs for minutes unless its time limit stops it.</summary>
    public static string Hard(string folder, string id, double? timeLimit)
    {
        HardNetwork.Write(folder);
        // The network is hard for the MIP path (minutes), which these jobs name, not for branch and bound.
        var job = new JsonObject { ["id"] = id, ["model"] = "hard.json", ["center"] = 0, ["eps"] = 1, ["bounds"] = "interval", ["solver"] = "glpk", ["method"] = "mip" };
        if (timeLimit is { } limit)
        {
            job["time_limit"] = limit;
        }

        return job.ToJsonString();
    }

    public static string Write(string folder, IEnumerable<string> lines, string name = "jobs.jsonl")
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }

    /// <summary>The rows of a results database, by line.</summary>
    public static IReadOnlyList<JobRecord> Rows(string database) => ResultsReader.Read(database);

    public static JsonObject Result(JobRecord record) => (JsonObject)JsonNode.Parse(record.Result)!;
}

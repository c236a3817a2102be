using System.Text.Json.Nodes;
using ExactLip.Core;
using ExactLip.Import.Json;
using ExactLip.Tests.Exact;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Cli;

/// <summary>
/// exactlip split, batch and report --merge-splits as real child processes: an instance cut
/// into 2, 4 and 8 parts, run as two shards, merges to the value of the unsplit run and of the
/// region-enumeration oracle; the parts' boxes cover the instance's box exactly; a part whose
/// results are missing leaves the instance at bounds with its upper bound unknown. Parts over
/// activation patterns (the frontier of a short search) merge to the exact one-input oracle's value.
/// </summary>
public sealed class SplitMergeTests
{
    private static readonly string[] Instance = ["--center", "0.1,-0.3", "--eps", "0.7", "--c", "1,-0.5"];

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void Parts_run_as_two_shards_merge_to_the_unsplit_value_and_the_oracle(int parts)
    {
        using var tmp = new TempFolder();
        var network = RandomNetworks.Mlp(new Random(4100 + parts), 2, [8, 8], 2);
        var model = tmp.File("net.json");
        JsonNetworkFormat.Save(network, model);
        var box = Box.Ball([0.1, -0.3], 0.7);
        var truth = LipschitzReference.Scalar(RegionOracle.RegionJacobians(network, box), [1, -0.5], Norm.Linf);
        var jobs = tmp.File("jobs.jsonl");

        var split = ExactLipProcess.Run(["split", model, .. Instance, "--parts", parts.ToString(System.Globalization.CultureInfo.InvariantCulture), "--jobs", jobs, "--instance", "net-a"]);
        split.ExitCode.Should().Be(0, split.ToString());
        var lines = File.ReadAllLines(jobs).Select(l => JsonNode.Parse(l)!.AsObject()).ToArray();
        lines.Should().HaveCount(parts);
        lines.Select(l => l["part"]!.GetValue<string>()).Should().Equal(Enumerable.Range(1, parts).Select(k => $"{k}/{parts}"));
        lines.Should().OnlyContain(l => l["split_of"]!.GetValue<string>() == "net-a");
        ShouldCoverExactly(box, lines.Select(l => new Box(CertifyJson.Array(l["lo"]), CertifyJson.Array(l["hi"]))).ToArray());

        foreach (var shard in new[] { "1/2", "2/2" })
        {
            var batch = ExactLipProcess.Run(["batch", jobs, "--results", tmp.File($"shard-{shard[0]}.db"), "--shard", shard, "--quiet"]);
            batch.ExitCode.Should().Be(0, batch.ToString());
        }

        var report = ExactLipProcess.Run(["report", tmp.File("shard-1.db"), tmp.File("shard-2.db"), "--merge-splits", "--json", tmp.File("merged.json")]);
        report.ExitCode.Should().Be(0, report.ToString());
        report.Stdout.Should().Contain("net-a").And.Contain("parts_done");
        var merged = JsonNode.Parse(File.ReadAllText(tmp.File("merged.json")))!.AsArray().Single()!.AsObject();
        merged["instance"]!.GetValue<string>().Should().Be("net-a");
        merged["status"]!.GetValue<string>().Should().Be("exact", merged.ToJsonString());
        merged["parts"]!.GetValue<int>().Should().Be(parts);
        merged["parts_done"]!.GetValue<int>().Should().Be(parts);
        var (lower, upper) = (merged["lower"]!.GetValue<double>(), merged["upper"]!.GetValue<double>());
        lower.Should().BeLessThanOrEqualTo((truth * (1 + 1e-9)) + 1e-12);
        upper.Should().BeGreaterThanOrEqualTo((truth * (1 - 1e-9)) - 1e-12);
        merged["value"]!.GetValue<double>().Should().BeApproximately(truth, 1e-6 * truth);
        box.Contains(CertifyJson.Array(merged["witness"]!["x"])).Should().BeTrue("the best part's witness lies in its part of the box");

        var unsplit = ExactLipProcess.Run(["certify", model, .. Instance, "--json", "-"]);
        unsplit.ExitCode.Should().Be(0, unsplit.ToString());
        merged["value"]!.GetValue<double>().Should().BeApproximately(CertifyJson.Number(CertifyJson.Parse(unsplit.Stdout), "value"), 1e-6 * truth);

        // With one shard's results only, the other parts are missing: bounds, upper unknown.
        var half = ExactLipProcess.Run(["report", tmp.File("shard-1.db"), "--merge-splits", "--json", "-"]);
        half.ExitCode.Should().Be(0, half.ToString());
        var partial = JsonNode.Parse(half.Stdout)!.AsArray().Single()!.AsObject();
        partial["status"]!.GetValue<string>().Should().Be("bounds");
        partial["upper"].Should().BeNull();
        partial["value"].Should().BeNull();
        partial["parts_done"]!.GetValue<int>().Should().Be((parts + 1) / 2);
    }

    [Fact]
    public void Parts_over_activation_patterns_start_from_a_short_search_and_merge_to_the_oracle()
    {
        using var tmp = new TempFolder();
        var (model, _, truth) = CheckpointNetworks.Deep(tmp.Path);
        var jobs = tmp.File("jobs.jsonl");
        var split = ExactLipProcess.Run(["split", model, .. CheckpointNetworks.Options, "--by", "patterns", "--search-seconds", "120", "--parts", "4", "--jobs", jobs, "--instance", "deep"]);
        split.ExitCode.Should().Be(0, split.ToString());
        var lines = File.ReadAllLines(jobs).Select(l => JsonNode.Parse(l)!.AsObject()).ToArray();
        lines.Should().HaveCount(4);
        lines.Should().OnlyContain(l => File.Exists(tmp.File(l["resume_from"]!.GetValue<string>())), "each part starts from its checkpoint beside the job file");
        lines.Should().OnlyContain(l => CertifyJson.Array(l["lo"]).Single() == -1 && CertifyJson.Array(l["hi"]).Single() == 1, "every part searches its patterns over the whole box");

        foreach (var shard in new[] { "1/2", "2/2" })
        {
            var batch = ExactLipProcess.Run(["batch", jobs, "--results", tmp.File($"shard-{shard[0]}.db"), "--shard", shard]);
            batch.ExitCode.Should().Be(0, batch.ToString());
            batch.Stderr.Should().Contain("resumed:", "a part continues its share of the short search");
        }

        var report = ExactLipProcess.Run(["report", tmp.File("shard-1.db"), tmp.File("shard-2.db"), "--merge-splits", "--json", "-"]);
        report.ExitCode.Should().Be(0, report.ToString());
        var merged = JsonNode.Parse(report.Stdout)!.AsArray().Single()!.AsObject();
        merged["status"]!.GetValue<string>().Should().Be("exact", merged.ToJsonString());
        merged["parts_done"]!.GetValue<int>().Should().Be(4);
        merged["lower"]!.GetValue<double>().Should().BeLessThanOrEqualTo(truth * (1 + 1e-12));
        merged["upper"]!.GetValue<double>().Should().BeGreaterThanOrEqualTo(truth * (1 - 1e-12));
        merged["value"]!.GetValue<double>().Should().BeApproximately(truth, 1e-6 * truth);
    }

    /// <summary>Every part lies in the box, no two overlap in volume, and their volumes add up to the box's, in exact arithmetic.</summary>
    private static void ShouldCoverExactly(Box box, Box[] parts)
    {
        Rational Volume(Box b) => Enumerable.Range(0, b.Dimension).Aggregate(Rational.One, (v, i) => v * (Rational.FromDouble(b.Hi(i)) - Rational.FromDouble(b.Lo(i))));
        foreach (var part in parts)
        {
            box.Contains(part.Lower).Should().BeTrue();
            box.Contains(part.Upper).Should().BeTrue();
        }

        for (var a = 0; a < parts.Length; a++)
        {
            for (var b = a + 1; b < parts.Length; b++)
            {
                var overlap = Enumerable.Range(0, box.Dimension).All(i => Math.Max(parts[a].Lo(i), parts[b].Lo(i)) < Math.Min(parts[a].Hi(i), parts[b].Hi(i)));
                overlap.Should().BeFalse($"parts {a + 1} and {b + 1} share no volume");
            }
        }

        parts.Aggregate(Rational.Zero, (v, p) => v + Volume(p)).Should().Be(Volume(box), "parts that do not overlap and fill the box's volume cover it");
    }
}

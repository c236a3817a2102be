using System.Text.Json.Nodes;
using ExactLip.Core;
using ExactLip.Import.Json;
using ExactLip.Tests.Cli;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Batch;

/// <summary>A job's "method" reaches the same engines as certify's --method.</summary>
public sealed class BatchMethodTests
{
    [Fact]
    public void Mip_bab_and_auto_jobs_agree_with_region_enumeration_including_l2()
    {
        using var tmp = new TempFolder();
        var rng = new Random(11);
        var lines = new List<string>();
        var expected = new List<double>();
        for (var i = 0; i < 2; i++)
        {
            var network = RandomNetworks.Mlp(rng, 2, [5, 5], 2);
            var name = $"net{i}.json";
            JsonNetworkFormat.Save(network, tmp.File(name));
            var center = new[] { rng.NextDouble() - 0.5, rng.NextDouble() - 0.5 };
            var box = Box.Ball(center, 0.6);
            var regions = RegionOracle.RegionJacobians(network, box);
            JsonNode Center() => new JsonArray(center.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
            foreach (var method in new[] { "mip", "bab" })
            {
                lines.Add(new JsonObject { ["model"] = name, ["center"] = Center(), ["eps"] = 0.6, ["method"] = method, ["solver"] = "glpk" }.ToJsonString());
                expected.Add(LipschitzReference.Operator(regions, Norm.Linf, Norm.Linf));
            }

            lines.Add(new JsonObject { ["model"] = name, ["center"] = Center(), ["eps"] = 0.6, ["norm"] = "l2", ["method"] = "auto" }.ToJsonString());
            expected.Add(LipschitzReference.Operator(regions, Norm.L2, Norm.L2));
        }

        var db = tmp.File("r.db");
        var result = ExactLipProcess.Run("batch", BatchJobFiles.Write(tmp.Path, lines), "--results", db, "--quiet");

        result.ExitCode.Should().Be(0, result.ToString());
        var rows = BatchJobFiles.Rows(db).OrderBy(r => r.Line).ToList();
        rows.Should().HaveCount(lines.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            rows[i].Status.Should().Be("exact", $"line {i + 1}: {rows[i].Error}");
            rows[i].Value!.Value.Should().BeApproximately(expected[i], 1e-6 * Math.Max(1, expected[i]), $"line {i + 1}");
        }

        BatchJobFiles.Result(rows[2])["method"]!.GetValue<string>().Should().Be("bab", "auto measures ℓ2 with branch and bound");
    }
}

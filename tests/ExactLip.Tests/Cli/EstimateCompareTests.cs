using System.Text.Json.Nodes;
using System.Xml.Linq;
using ExactLip.Tests.Import;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Cli;

/// <summary>exactlip estimate and compare end to end: the JSON, CSV and SVG contracts.</summary>
public sealed class EstimateCompareTests
{
    private static readonly string TinyMlp = Fixtures.Model("tiny_mlp.onnx");
    private static readonly string[] EstimateFields = { "method", "kind", "scope", "anchored", "norm", "value", "seconds" };

    private static JsonObject Load(string path) => JsonNode.Parse(File.ReadAllText(path))!.AsObject();

    [Fact]
    public void Estimate_writes_every_estimate_with_the_contract_fields()
    {
        using var tmp = new TempFolder();
        var path = tmp.File("estimates.json");
        var result = ExactLipProcess.Run("estimate", TinyMlp, "--lo", "-1,-0.5", "--hi", "1,0.5", "--json", path);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().Contain("autolip").And.Contain("UB global");
        var json = Load(path);
        json.ContainsKey("exact").Should().BeTrue();
        json["exact"].Should().BeNull("estimate makes no exact run");
        var estimates = json["estimates"]!.AsArray().Select(e => e!.AsObject()).ToArray();
        estimates.Select(e => CertifyJson.Text(e, "method")).Should().Contain(new[] { "naive", "naive-local", "autolip", "seqlip", "fastlip", "liplp", "avant-morgansen", "clever", "randomlb", "pgd" });
        foreach (var e in estimates)
        {
            e.Select(kv => kv.Key).Should().Contain(EstimateFields);
            CertifyJson.Text(e, "kind").Should().BeOneOf("upper", "lower", "heuristic");
            CertifyJson.Text(e, "scope").Should().BeOneOf("local", "global");
            CertifyJson.Text(e, "norm").Should().Be("linf→linf");
            e["anchored"]!.GetValue<bool>().Should().Be(CertifyJson.Text(e, "method") == "avant-morgansen");
        }

        // ℓ2 methods convert to ℓ∞ input by √n and say so.
        var autolip = estimates.Single(e => CertifyJson.Text(e, "method") == "autolip");
        CertifyJson.Text(autolip, "converted_from").Should().Be("l2→l2");
        CertifyJson.Number(autolip, "conversion_factor").Should().BeApproximately(Math.Sqrt(2), 1e-12);
    }

    [Fact]
    public void Compare_puts_the_exact_value_between_the_certified_bounds_and_writes_csv_and_svg()
    {
        using var tmp = new TempFolder();
        var (json, csv, svg) = (tmp.File("c.json"), tmp.File("c.csv"), tmp.File("c.svg"));
        var result = ExactLipProcess.Run("compare", TinyMlp, "--lo", "-1,-0.5", "--hi", "1,0.5", "--c", "1,-1", "--solver", "glpk", "--json", json, "--csv", csv, "--svg", svg, "--quiet");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().Contain("ratio").And.Contain("exact");
        var doc = Load(json);
        // The exact field is the certify result object, with its whole contract.
        var exact = CertifyJson.Parse(doc["exact"]!.ToJsonString());
        CertifyJson.Text(exact, "status").Should().Be("exact");
        var value = CertifyJson.Number(exact, "value");
        foreach (var e in doc["estimates"]!.AsArray().Select(n => n!.AsObject()))
        {
            var v = CertifyJson.Number(e, "value");
            CertifyJson.Number(e, "ratio").Should().BeApproximately(v / value, 1e-9 * v / value);
            if (CertifyJson.Text(e, "kind") == "upper" && !e["anchored"]!.GetValue<bool>())
            {
                v.Should().BeGreaterThanOrEqualTo(value * (1 - 1e-6), CertifyJson.Text(e, "method"));
            }
            else if (CertifyJson.Text(e, "kind") == "lower")
            {
                v.Should().BeLessThanOrEqualTo(value * (1 + 1e-6), CertifyJson.Text(e, "method"));
            }
        }

        File.ReadAllLines(csv)[0].Should().Be("method,label,kind,scope,anchored,norm,value,ratio,ratio_low,ratio_high,seconds");
        File.ReadAllLines(csv).Should().HaveCount(2 + doc["estimates"]!.AsArray().Count);
        var chart = XDocument.Load(svg);
        chart.Root!.Name.LocalName.Should().Be("svg");
        chart.ToString().Should().Contain("exact L =").And.Contain("autolip");
    }

    [Fact]
    public void Compare_in_l2_has_an_exact_row_from_branch_and_bound()
    {
        using var tmp = new TempFolder();
        var json = tmp.File("l2.json");
        var result = ExactLipProcess.Run("compare", TinyMlp, "--lo", "-1", "--hi", "1", "--norm", "l2", "--json", json, "--quiet");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().Contain("exact (").And.NotContain("No exact value");
        var doc = Load(json);
        var exact = doc["exact"]!.AsObject();
        CertifyJson.Text(exact, "status").Should().Be("exact");
        CertifyJson.Text(exact, "method").Should().Be("bab", "only branch and bound measures l2");
        CertifyJson.Text(exact, "input_norm").Should().Be("l2");
        doc["exact_unavailable"].Should().BeNull();
        doc["skipped"]!.AsArray().Select(s => s!["method"]!.GetValue<string>()).Should().Contain("liplp");
        var reference = doc["reference"]!.AsObject();
        CertifyJson.Number(reference, "lower").Should().Be(CertifyJson.Number(exact, "value"));
    }

    [Fact]
    public void Estimate_json_dash_leaves_standard_output_to_the_document()
    {
        var result = ExactLipProcess.Run("estimate", TinyMlp, "--lo", "0", "--hi", "1", "--methods", "fastlip,randomlb", "--json", "-");

        result.ExitCode.Should().Be(0, result.ToString());
        var doc = JsonNode.Parse(result.Stdout)!.AsObject();
        doc["estimates"]!.AsArray().Should().HaveCount(2);
        result.Stderr.Should().Contain("fastlip");
    }

    [Fact]
    public void Compare_stopped_early_gives_ratio_ranges_against_the_certified_bounds()
    {
        using var tmp = new TempFolder();
        var model = HardNetwork.Write(tmp.Path);
        var json = tmp.File("early.json");
        var result = ExactLipProcess.Run("compare", model, "--center", "0", "--eps", "1", "--time-limit", "2", "--methods", "naive,fastlip,randomlb", "--json", json, "--svg", tmp.File("early.svg"), "--quiet");

        result.ExitCode.Should().Be(0, result.ToString());
        var doc = Load(json);
        var exact = CertifyJson.Parse(doc["exact"]!.ToJsonString());
        CertifyJson.Text(exact, "status").Should().Be("bounds");
        var reference = doc["reference"]!.AsObject();
        var (lower, upper) = (CertifyJson.Number(reference, "lower"), CertifyJson.Number(reference, "upper"));
        lower.Should().BeGreaterThanOrEqualTo(CertifyJson.Number(exact, "lower"), "the reference only narrows the certified bounds");
        upper.Should().BeLessThanOrEqualTo(CertifyJson.Number(exact, "upper"));
        foreach (var e in doc["estimates"]!.AsArray().Select(n => n!.AsObject()))
        {
            var v = CertifyJson.Number(e, "value");
            e["ratio"].Should().BeNull("there is no exact value to divide by");
            CertifyJson.Number(e, "ratio_low").Should().BeApproximately(v / upper, 1e-9 * v / upper);
            CertifyJson.Number(e, "ratio_high").Should().BeApproximately(v / lower, 1e-9 * v / lower);
        }

        result.Stdout.Should().Contain("bounds (time_limit");
        File.ReadAllText(tmp.File("early.svg")).Should().Contain("L in [");
    }

    [Fact]
    public void Compare_interrupted_during_the_exact_run_keeps_its_bounds_and_still_runs_every_estimator()
    {
        using var tmp = new TempFolder();
        var model = HardNetwork.Write(tmp.Path);
        var json = tmp.File("interrupted.json");
        using var run = ExactLipProcess.Start(["compare", model, "--center", "0", "--eps", "1", "--methods", "naive,fastlip,randomlb", "--json", json]);

        // The portfolio's progress lines ("[auto] …") come from inside the exact run.
        run.WaitForStderrLine(l => l.StartsWith("[auto]", StringComparison.Ordinal) && l.Contains("nodes", StringComparison.Ordinal), ExactLipProcess.Patience)
            .Should().BeTrue($"the exact run reports progress before it ends. Standard error:\n{run.Stderr}");
        run.Interrupt();
        var result = run.WaitForExit(TimeSpan.FromSeconds(60));

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stderr.Should().Contain("the estimators still run").And.NotContain("   at ");
        var doc = Load(json);
        var exact = CertifyJson.Parse(doc["exact"]!.ToJsonString());
        CertifyJson.Text(exact, "stop").Should().Be("interrupted");
        CertifyJson.Text(exact, "status").Should().Be("bounds");
        CertifyJson.Number(exact, "time_limit").Should().Be(60, "compare's default limit");
        doc["estimates"]!.AsArray().Select(e => e!["method"]!.GetValue<string>()).Should().BeEquivalentTo(new[] { "naive", "fastlip", "randomlb" }, "Ctrl-C stopped the exact run, not the estimators");
        doc["skipped"]!.AsArray().Should().BeEmpty();
    }
}

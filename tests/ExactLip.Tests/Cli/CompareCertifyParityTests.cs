using ExactLip.Tests.Import;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Cli;

/// <summary>
/// compare's exact row is certify's result for the same options: both call the same engine
/// choice, so the value, the engine and the back end agree (ℓ2 included, which only branch and
/// bound measures).
/// </summary>
public sealed class CompareCertifyParityTests
{
    [Theory]
    [InlineData("linf")]
    [InlineData("l1")]
    [InlineData("l2")]
    public void Compare_gives_the_exact_value_and_engine_certify_gives(string norm)
    {
        using var tmp = new TempFolder();
        var model = Fixtures.Model("tiny_mlp.onnx");
        var certifyJson = tmp.File("certify.json");
        var compareJson = tmp.File("compare.json");
        string[] box = ["--lo", "-1,-0.5", "--hi", "1,0.5", "--norm", norm];

        var certify = ExactLipProcess.Run(["certify", model, .. box, "--json", certifyJson, "--quiet"]);
        var compare = ExactLipProcess.Run(["compare", model, .. box, "--methods", "naive,fastlip", "--json", compareJson, "--quiet"]);

        certify.ExitCode.Should().Be(0, certify.ToString());
        compare.ExitCode.Should().Be(0, compare.ToString());
        var expected = CertifyJson.Load(certifyJson);
        var exact = CertifyJson.Parse(System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(compareJson))!["exact"]!.ToJsonString());
        CertifyJson.Text(expected, "method").Should().Be(norm == "l2" ? "bab" : "auto", "auto races both engines where both apply; only branch and bound measures l2");
        CertifyJson.Number(exact, "time_limit").Should().Be(60, "compare's default time limit");
        expected["time_limit"].Should().BeNull("certify has no default limit");
        // Parallel workers may prove the value at another witness: equal within the tolerance.
        var value = CertifyJson.Number(expected, "value");
        CertifyJson.Number(exact, "value").Should().BeApproximately(value, 1e-6 * value);
        foreach (var field in new[] { "status", "method", "solver", "quantity", "input_norm", "output_norm", "bounds", "tolerance", "gap" })
        {
            exact[field]?.ToJsonString().Should().Be(expected[field]?.ToJsonString(), $"field {field}");
        }
    }
}

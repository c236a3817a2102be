using System.Reflection;
using ExactLip.Tests.Import;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Cli;

/// <summary>
/// The README's first command on the program as shipped: scripts/test.sh runs these (with every
/// other end-to-end test) against the published native dist/exactlip, so a publish that lost a
/// solver library, the ONNX reader or the version stamp fails here.
/// </summary>
public sealed class ShippedProgramTests
{
    private static readonly string[] CartPoleBox = ["--center=-0.248,-0.05,-0.074,-0.386", "--eps", "0.1", "--c", "1,-1"];

    [Fact]
    public void Version_is_the_informational_version_the_build_stamped()
    {
        var expected = typeof(ExactLip.Cli.Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;

        var result = ExactLipProcess.Run("--version");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Trim().Should().Be(expected);
    }

    [Fact]
    public void The_readme_example_is_exact_and_agrees_with_the_mip_path()
    {
        var model = Fixtures.Path("fixtures/models/cartpole/cartpole.onnx");
        using var tmp = new TempFolder();

        var example = Certify(tmp.File("example.json"), [model, .. CartPoleBox]);
        var mip = Certify(tmp.File("mip.json"), [model, .. CartPoleBox, "--method", "mip", "--solver", "glpk"]);

        CertifyJson.Text(example, "status").Should().Be("exact");
        CertifyJson.Text(example, "method").Should().Be("auto", "the default races both engines");
        CertifyJson.Text(example, "closed_by").Should().BeOneOf("bab", "mip");
        CertifyJson.Text(mip, "status").Should().Be("exact");
        var value = CertifyJson.Number(example, "value");
        value.Should().BeApproximately(CertifyJson.Number(mip, "value"), 1e-6 * value, "two engines certify the same constant");
        CertifyJson.Number(example, "upper").Should().BeGreaterThanOrEqualTo(value);
        // ONNX Runtime evaluated the model at the witness: its library was found beside the program.
        CertifyJson.Array(example["witness"]!["onnxruntime_output"]).Should().HaveCount(2);
    }

    private static System.Text.Json.Nodes.JsonObject Certify(string json, string[] arguments)
    {
        var result = ExactLipProcess.Run(["certify", .. arguments, "--json", json, "--quiet"]);
        result.ExitCode.Should().Be(0, result.ToString());
        return CertifyJson.Load(json);
    }
}

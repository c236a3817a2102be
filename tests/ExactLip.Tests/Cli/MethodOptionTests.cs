using ExactLip.Tests.Import;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Cli;

/// <summary>exactlip certify --method: both engines end to end, and ℓ2 only where it is measurable.</summary>
public sealed class MethodOptionTests
{
    private static readonly string TinyMlp = Fixtures.Model("tiny_mlp.onnx");

    [Theory]
    [InlineData("linf", "--c", "1,-1")]
    [InlineData("l1", "--output-norm", "l1")]
    [InlineData("linf", "--output-norm", "linf")]
    public void Mip_and_bab_agree_on_the_value(string norm, string option, string value)
    {
        var mip = Run("--method", "mip", "--norm", norm, option, value);
        var bab = Run("--method", "bab", "--norm", norm, option, value);

        CertifyJson.Text(mip, "method").Should().Be("mip");
        CertifyJson.Text(bab, "method").Should().Be("bab");
        CertifyJson.Text(bab, "status").Should().Be("exact");
        var a = CertifyJson.Number(mip, "value");
        var b = CertifyJson.Number(bab, "value");
        Math.Abs(a - b).Should().BeLessThanOrEqualTo(1e-6 * Math.Max(Math.Abs(a), Math.Abs(b)));
    }

    [Theory]
    [InlineData("signal")]
    [InlineData("width")]
    [InlineData("layer")]
    public void Every_branching_rule_reaches_the_mip_value(string rule)
    {
        var mip = Run("--method", "mip", "--output-norm", "linf");
        var bab = Run("--method", "bab", "--output-norm", "linf", "--branching", rule);

        CertifyJson.Text(bab, "status").Should().Be("exact");
        var a = CertifyJson.Number(mip, "value");
        var b = CertifyJson.Number(bab, "value");
        Math.Abs(a - b).Should().BeLessThanOrEqualTo(1e-6 * Math.Max(Math.Abs(a), Math.Abs(b)));
    }

    [Fact]
    public void Bab_measures_l2_that_the_mip_refuses()
    {
        var json = Run("--method", "bab", "--norm", "l2");

        CertifyJson.Text(json, "status").Should().Be("exact");
        CertifyJson.Text(json, "input_norm").Should().Be("l2");
        CertifyJson.Number(json, "value").Should().BeGreaterThan(0);

        var refused = ExactLipProcess.Run("certify", TinyMlp, "--lo", "-1", "--hi", "1", "--norm", "l2", "--method", "mip", "--quiet");
        refused.ExitCode.Should().Be(2, refused.ToString());
    }

    [Fact]
    public void Auto_chooses_bab_for_l2_and_reports_it()
    {
        var json = Run("--method", "auto", "--norm", "l2", "--output-norm", "l2");

        CertifyJson.Text(json, "method").Should().Be("bab");
        CertifyJson.Text(json, "status").Should().Be("exact");
    }

    /// <summary>
    /// The default run on the 2-input net: each engine's JSON entry says whether it started, and
    /// the printed line agrees (usually branch and bound settles the run before the MIP path is
    /// due, 250 ms in on networks of at most 10 inputs; on a busy machine the MIP may start).
    /// </summary>
    [Fact]
    public void Auto_reports_whether_each_engine_started_alike_in_json_and_text()
    {
        var result = ExactLipProcess.Run("certify", TinyMlp, "--lo", "-1,-0.5", "--hi", "1,0.5", "--c", "1,-1", "--json", "-");
        result.ExitCode.Should().Be(0, result.ToString());
        var json = CertifyJson.Parse(result.Stdout);
        var engines = json["engines"]!.AsArray().Select(e => e!.AsObject()).ToArray();
        engines.Should().HaveCount(2);
        foreach (var engine in engines)
        {
            var name = engine["engine"]!.GetValue<string>();
            var line = result.Stderr.Split('\n').Single(l => l.StartsWith($"  {name,-4}      ", StringComparison.Ordinal));
            line.Contains("not started", StringComparison.Ordinal).Should().Be(!engine["started"]!.GetValue<bool>(), line);
        }

        engines.Single(e => e["engine"]!.GetValue<string>() == "bab")["started"]!.GetValue<bool>().Should().BeTrue("branch and bound starts at once");
    }

    private static System.Text.Json.Nodes.JsonObject Run(params string[] args)
    {
        var result = ExactLipProcess.Run(new[] { "certify", TinyMlp, "--lo", "-1,-0.5", "--hi", "1,0.5", "--json", "-", "--quiet" }.Concat(args).ToArray());
        result.ExitCode.Should().Be(0, result.ToString());
        return CertifyJson.Parse(result.Stdout);
    }
}

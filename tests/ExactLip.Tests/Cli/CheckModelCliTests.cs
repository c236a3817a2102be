using ExactLip.Import;
using ExactLip.Tests.Import;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Cli;

/// <summary>exactlip check-model end to end, and certify's witness.onnxruntime_output.</summary>
public sealed class CheckModelCliTests
{
    [Fact]
    public void CheckModel_FaithfulImport_Exits0_WithTheJsonContract()
    {
        var model = Fixtures.ThirdParty("rl/cartpole.onnx");
        var result = ExactLipProcess.Run("check-model", model, "--vnnlib", Fixtures.ThirdParty("rl/cartpole_case_safe_14.vnnlib"), "--samples", "10", "--json", "-");

        result.ExitCode.Should().Be(0, result.ToString());
        var json = System.Text.Json.Nodes.JsonNode.Parse(result.Stdout)!.AsObject();
        json["agree"]!.GetValue<bool>().Should().BeTrue();
        json["points"]!.GetValue<int>().Should().Be(16 + 1 + 10, "all 16 corners of the 4-input box, the centre and 10 random points");
        json["all_corners"]!.GetValue<bool>().Should().BeTrue();
        json["input_shape"]!.AsArray().Select(d => d!.GetValue<int>()).Should().Equal(1, 4);
        CertifyJson.Number(json["outputs"]!.AsObject(), "max_abs").Should().BeLessThanOrEqualTo(CertifyJson.Number(json["outputs"]!.AsObject(), "threshold"));
        json["operators"]!.AsArray().Select(o => o!["op"]!.GetValue<string>()).Should().Equal("Flatten", "Gemm", "Relu");
        result.Stderr.Should().Contain("Gemm ×3 → gemm").And.Contain("agree to float32 accuracy");
    }

    [Fact]
    public void CheckModel_SymbolicBatchAxis_IsFixedTo1()
    {
        var result = ExactLipProcess.Run("check-model", Fixtures.ThirdParty("marabou/mnist2x10.onnx"), "--lo", "0", "--hi", "1", "--samples", "5");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().Contain("input 'input' [1, 1, 28, 28]");
    }

    [Fact]
    public void Certify_RecordsOnnxRuntimesOutputAtTheWitness()
    {
        var model = Fixtures.Model("tiny_mlp.onnx");
        var result = ExactLipProcess.Run("certify", model, "--lo", "-1", "--hi", "1", "--json", "-", "--quiet");

        result.ExitCode.Should().Be(0, result.ToString());
        var json = CertifyJson.Parse(result.Stdout);
        CertifyJson.Text(json, "status").Should().Be("exact");
        var x = CertifyJson.Array(json["witness"]!["x"]);
        var expected = ModelLoader.Load(model).Forward(x.Select(v => (double)(float)v).ToArray());
        CertifyJson.Array(json["witness"]!["onnxruntime_output"]).Should().Equal(expected, (a, b) => Math.Abs(a - b) <= 1e-5 * (1 + Math.Abs(b)));
    }

    [Fact]
    public void Certify_JsonNetwork_HasNoOnnxRuntimeOutput()
    {
        var result = ExactLipProcess.Run("certify", Fixtures.Model("lipbab/mlp_1.json"), "--center", "0", "--eps", "0.05", "--json", "-", "--quiet");

        result.ExitCode.Should().Be(0, result.ToString());
        CertifyJson.Parse(result.Stdout)["witness"]!["onnxruntime_output"].Should().BeNull();
    }
}

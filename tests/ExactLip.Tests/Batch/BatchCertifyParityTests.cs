using ExactLip.Tests.Cli;
using ExactLip.Tests.Import;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Batch;

/// <summary>
/// A batch job and the certify command with the same options give the same result: the job
/// reads its options with certify's readers and certify's defaults.
/// </summary>
public sealed class BatchCertifyParityTests
{
    /// <summary>One engine, one thread (the MIP path): every field of the result is the same, the witness too.</summary>
    [Theory]
    [InlineData("cbc")]
    [InlineData("glpk")]
    public void A_job_gives_what_certify_gives_for_the_same_options(string solver)
    {
        using var tmp = new TempFolder();
        var model = Fixtures.Model("tiny_mlp.onnx");
        var json = tmp.File("certify.json");
        var certify = ExactLipProcess.Run("certify", model, "--lo", "-1,-0.5", "--hi", "1,0.5", "--norm", "l1", "--c", "1,-1", "--method", "mip", "--solver", solver, "--json", json, "--quiet");
        certify.ExitCode.Should().Be(0, certify.ToString());
        var jobs = BatchJobFiles.Write(tmp.Path, [$$"""{"model": "{{model}}", "lo": [-1, -0.5], "hi": [1, 0.5], "norm": "l1", "c": [1, -1], "method": "mip", "solver": "{{solver}}"}"""]);
        var db = tmp.File("r.db");

        var batch = ExactLipProcess.Run("batch", jobs, "--results", db, "--quiet");

        batch.ExitCode.Should().Be(0, batch.ToString());
        var expected = CertifyJson.Load(json);
        var row = BatchJobFiles.Rows(db).Single();
        var result = BatchJobFiles.Result(row);
        foreach (var field in new[] { "value", "lower", "upper", "status", "stop", "solver", "solver_version", "quantity", "input_norm", "bounds", "tolerance", "gap", "model_sha256", "unstable_neurons", "binaries", "method", "upper_bound_source", "closed_by" })
        {
            result[field]?.ToJsonString().Should().Be(expected[field]?.ToJsonString(), $"field {field}");
        }

        result["witness"]!.ToJsonString().Should().Be(expected["witness"]!.ToJsonString());
        row.Value.Should().Be(CertifyJson.Number(expected, "value"));
        result["certify_arguments"]!.AsArray().Select(a => a!.GetValue<string>()).Should().StartWith(["exactlip", "certify", model]);
    }

    [Theory]
    [InlineData("linf")]
    [InlineData("l2")]
    public void A_job_with_certify_defaults_gets_certify_engine_and_value(string norm)
    {
        using var tmp = new TempFolder();
        var model = Fixtures.Model("tiny_mlp.onnx");
        var json = tmp.File("certify.json");
        var certify = ExactLipProcess.Run("certify", model, "--lo", "-1,-0.5", "--hi", "1,0.5", "--norm", norm, "--json", json, "--quiet");
        certify.ExitCode.Should().Be(0, certify.ToString());
        var jobs = BatchJobFiles.Write(tmp.Path, [$$"""{"model": "{{model}}", "lo": [-1, -0.5], "hi": [1, 0.5], "norm": "{{norm}}"}"""]);
        var db = tmp.File("r.db");

        var batch = ExactLipProcess.Run("batch", jobs, "--results", db, "--quiet");

        batch.ExitCode.Should().Be(0, batch.ToString());
        var expected = CertifyJson.Load(json);
        var result = BatchJobFiles.Result(BatchJobFiles.Rows(db).Single());
        var value = CertifyJson.Number(expected, "value");
        CertifyJson.Number(result, "value").Should().BeApproximately(value, 1e-6 * value, "parallel workers may prove it at another witness");
        foreach (var field in new[] { "status", "method", "solver", "quantity", "input_norm", "output_norm", "bounds", "tolerance" })
        {
            result[field]?.ToJsonString().Should().Be(expected[field]?.ToJsonString(), $"field {field}");
        }

        CertifyJson.Text(result, "method").Should().Be(norm == "l2" ? "bab" : "auto", "auto races both engines where both apply; only branch and bound measures ℓ2");
        // Which engine closes the gap first is a race; that one did, and the bound's source is named.
        foreach (var record in new[] { expected, result })
        {
            CertifyJson.Text(record, "upper_bound_source").Should().BeOneOf("proven", "mip_solver");
            CertifyJson.Text(record, "closed_by").Should().BeOneOf(norm == "l2" ? new[] { "bab" } : new[] { "bab", "mip" });
        }

        result["time_limit"]?.ToJsonString().Should().Be(expected["time_limit"]?.ToJsonString(), "the same default time limit");
    }
}

using System.Text.Json.Nodes;
using ExactLip.Tests.Import;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Cli;

/// <summary>exactlip certify on small models: exit 0 and the JSON contract, for each back end.</summary>
public sealed class CertifyResultTests
{
    private static readonly string TinyMlp = Fixtures.Model("tiny_mlp.onnx");
    private const int TinyInputs = 2;

    public static TheoryData<string> Solvers => TestSolvers.CbcAndGlpk;

    [Theory]
    [MemberData(nameof(Solvers))]
    public void Tiny_mlp_is_exact_with_a_witness_inside_the_box(string solver)
    {
        // The MIP path on the named back end (the default leaves it unstarted on a net this small: branch and bound settles it first).
        var json = Certify(solver, "--lo", "-1,-0.5", "--hi", "1,0.5", "--method", "mip");

        CertifyJson.Text(json, "status").Should().Be("exact");
        CertifyJson.Text(json, "stop").Should().Be("optimal");
        CertifyJson.Text(json, "solver").Split('+').Should().Contain(solver);
        CertifyJson.Number(json, "value").Should().Be(CertifyJson.Number(json, "lower"), "the value is the lower bound recomputed at the witness");
        CertifyJson.Number(json, "value").Should().BeGreaterThan(0);
        var x = CertifyJson.Array(json["witness"]!["x"]);
        x.Should().HaveCount(TinyInputs);
        x[0].Should().BeInRange(-1, 1);
        x[1].Should().BeInRange(-0.5, 0.5);
    }

    [Fact]
    public void Cbc_and_glpk_agree_on_the_value()
    {
        var cbc = CertifyJson.Number(Certify("cbc", "--lo", "-1", "--hi", "1", "--method", "mip"), "value");
        var glpk = CertifyJson.Number(Certify("glpk", "--lo", "-1", "--hi", "1", "--method", "mip"), "value");
        Math.Abs(cbc - glpk).Should().BeLessThanOrEqualTo(1e-6 * Math.Max(Math.Abs(cbc), Math.Abs(glpk)));
    }

    [Fact]
    public void Json_dash_writes_the_result_to_standard_output()
    {
        var result = ExactLipProcess.Run("certify", TinyMlp, "--lo", "-1", "--hi", "1", "--json", "-", "--quiet");

        result.ExitCode.Should().Be(0, result.ToString());
        // Standard output is the JSON document alone; the summary goes to standard error.
        var json = CertifyJson.Parse(result.Stdout);
        CertifyJson.Text(json, "status").Should().Be("exact");
        result.Stderr.Should().Contain("lower:");
    }

    [Fact]
    public void Export_mps_writes_an_mps_file()
    {
        using var tmp = new TempFolder();
        var mps = tmp.File("tiny.mps");
        var result = ExactLipProcess.Run("certify", TinyMlp, "--lo", "-1", "--hi", "1", "--c", "1,-1", "--export-mps", mps, "--quiet");

        result.ExitCode.Should().Be(0, result.ToString());
        File.Exists(mps).Should().BeTrue();
        File.ReadAllText(mps).Should().StartWith("NAME").And.Contain("ENDATA");
    }

    [Theory]
    [MemberData(nameof(Solvers))]
    public void Vnnlib_property_gives_the_box(string solver)
    {
        var json = CertifyModel(Fixtures.ThirdParty("vnncomp-test/test_small.onnx"), solver, "--vnnlib", Fixtures.ThirdParty("vnncomp-test/test_small.vnnlib"));

        CertifyJson.Text(json, "status").Should().Be("exact");
        var lo = CertifyJson.Array(json["box"]!["lo"]);
        var hi = CertifyJson.Array(json["box"]!["hi"]);
        var x = CertifyJson.Array(json["witness"]!["x"]);
        x.Should().HaveCount(lo.Length);
        for (var i = 0; i < x.Length; i++)
        {
            x[i].Should().BeInRange(lo[i], hi[i]);
        }
    }

    [Fact]
    public void Number_list_and_json_file_give_the_same_box()
    {
        using var tmp = new TempFolder();
        File.WriteAllText(tmp.File("lo.json"), "[-0.5, -0.5]");
        File.WriteAllText(tmp.File("hi.json"), "[0.25, 0.25]");

        var forms = new[]
        {
            Certify("cbc", "--lo", "-0.5", "--hi", "0.25"),
            Certify("cbc", "--lo", "-0.5,-0.5", "--hi", "0.25, 0.25"),
            Certify("cbc", "--lo", "@" + tmp.File("lo.json"), "--hi", "@" + tmp.File("hi.json")),
        };

        foreach (var json in forms)
        {
            CertifyJson.Array(json["box"]!["lo"]).Should().Equal(-0.5, -0.5);
            CertifyJson.Array(json["box"]!["hi"]).Should().Equal(0.25, 0.25);
            // Equal up to the last bits in which two raced witnesses' proven values can differ.
            var first = CertifyJson.Number(forms[0], "value");
            CertifyJson.Number(json, "value").Should().BeApproximately(first, 1e-12 * Math.Max(1, Math.Abs(first)));
        }
    }

    private static JsonObject Certify(string solver, params string[] options) => CertifyModel(TinyMlp, solver, options);

    /// <summary>Runs certify with --json to a file and returns the file's content.</summary>
    private static JsonObject CertifyModel(string model, string solver, params string[] options)
    {
        using var tmp = new TempFolder();
        var path = tmp.File("result.json");
        var result = ExactLipProcess.Run(["certify", model, "--solver", solver, "--json", path, .. options]);

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().Contain("lower:");
        return CertifyJson.Load(path);
    }
}

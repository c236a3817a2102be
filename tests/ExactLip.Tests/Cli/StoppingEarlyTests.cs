using System.Text.Json.Nodes;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Cli;

/// <summary>
/// A run stopped early, by Ctrl-C (SIGINT) or by --time-limit, still exits 0 and reports
/// certified bounds, on standard output and in the JSON file, with the reason it stopped.
/// The network (<see cref="HardNetwork"/>) takes minutes, so these runs always stop early.
/// </summary>
public sealed class StoppingEarlyTests
{
    /// <summary>Generous: an interrupted run ends at once; one that ignores Ctrl-C runs for minutes.</summary>
    private static readonly TimeSpan AfterInterrupt = TimeSpan.FromSeconds(60);

    public static TheoryData<string> Solvers => TestSolvers.CbcAndGlpk;

    [Theory]
    [MemberData(nameof(Solvers))]
    public void Ctrl_c_reports_the_bounds_found_so_far(string solver)
    {
        using var tmp = new TempFolder();
        var json = tmp.File("result.json");
        using var run = ExactLipProcess.Start(["certify", HardNetwork.Write(tmp.Path), "--method", "mip", "--solver", solver, "--json", json, .. HardNetwork.HardOptions]);

        // Waiting for the solver's own progress puts the signal inside the MIP search, the case
        // that matters; the start of a CBC solve installs CBC's own SIGINT handler for a moment.
        run.WaitForStderrLine(l => l.StartsWith("[mip", StringComparison.Ordinal), ExactLipProcess.Patience)
            .Should().BeTrue($"the MIP search reports progress before it ends. Standard error:\n{run.Stderr}");
        run.Interrupt();
        var result = run.WaitForExit(AfterInterrupt);

        var record = CheckStoppedEarly(result, json);
        CertifyJson.Text(record, "stop").Should().Be("interrupted", result.ToString());
        result.Stderr.Should().Contain("Interrupted");
    }

    [Theory]
    [MemberData(nameof(Solvers))]
    public void Time_limit_reports_the_bounds_found_so_far_with_plain_progress_lines(string solver)
    {
        using var tmp = new TempFolder();
        var json = tmp.File("result.json");
        var result = ExactLipProcess.Run(["certify", HardNetwork.Write(tmp.Path), "--method", "mip", "--solver", solver, "--json", json, "--time-limit", "3", .. HardNetwork.HardOptions]);

        var record = CheckStoppedEarly(result, json);
        CertifyJson.Text(record, "stop").Should().Be("time_limit", result.ToString());
        record["time_limit"]!.GetValue<double>().Should().Be(3);

        // Standard error is a pipe here, so progress comes as plain lines, not a line redrawn with \r.
        result.Stderr.Should().NotContain("\r");
        result.StderrLines.Should().Contain(l => l.StartsWith('[') && l.Contains("lower", StringComparison.Ordinal) && l.Contains("upper", StringComparison.Ordinal), result.ToString());
        result.StderrLines.Should().OnlyContain(l => l.StartsWith('['), "a run that ends normally prints nothing else on standard error");
    }

    private static JsonObject CheckStoppedEarly(CliResult result, string jsonPath)
    {
        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().Contain("lower:");
        result.Stderr.Should().NotContain("   at ").And.NotContain("Exception").And.NotContain("error");
        var record = CertifyJson.Load(jsonPath);
        CertifyJson.Text(record, "status").Should().Be("bounds", "minutes of search are left when the run stops");
        record["value"].Should().BeNull();
        CertifyJson.Number(record, "lower").Should().BeGreaterThan(0);
        record["upper"]!.GetValue<double>().Should().BeGreaterThanOrEqualTo(CertifyJson.Number(record, "lower"));
        var x = CertifyJson.Array(record["witness"]!["x"]);
        x.Should().HaveCount(HardNetwork.Inputs).And.OnlyContain(v => v >= -1 && v <= 1);
        return record;
    }
}

using ExactLip.Tests.Cli;
using ExactLip.Tests.Import;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Batch;

/// <summary>
/// A job that cannot run becomes a failed row with the one-sentence reason certify would give,
/// and the jobs after it still run; Ctrl-C records the running jobs with their bounds so far.
/// </summary>
public sealed class BatchFailureTests
{
    [Fact]
    public void Bad_lines_missing_models_and_unsupported_operators_are_failed_rows_and_the_rest_go_on()
    {
        using var tmp = new TempFolder();
        File.Copy(Fixtures.Model("tiny_mlp.onnx"), tmp.File("tiny_mlp.onnx"));
        File.Copy(Fixtures.Model("bad_unsupported_op.onnx"), tmp.File("bad_unsupported_op.onnx"));
        var jobs = BatchJobFiles.Write(tmp.Path,
        [
            """{"model": "tiny_mlp.onnx", "lo": -1, "hi": 1}""",
            """{"model": "tiny_mlp.onnx", "lo": -1, "hi": """,
            """["not", "an", "object"]""",
            """{"model": "absent.onnx", "lo": 0, "hi": 1}""",
            """{"model": "bad_unsupported_op.onnx", "lo": 0, "hi": 1}""",
            """{"model": "tiny_mlp.onnx", "lo": [0, 0, 0], "hi": 1}""",
            """{"model": "tiny_mlp.onnx", "lo": -1, "hi": 1, "method": "simplex"}""",
            """{"model": "tiny_mlp.onnx", "lo": -1, "hi": 1, "epsilon": 0.1}""",
            """{"model": "tiny_mlp.onnx", "lo": -1, "hi": 1, "gap": -1}""",
            """{"lo": -1, "hi": 1}""",
            """{"id": "last", "model": "tiny_mlp.onnx", "center": [0, 0], "eps": 1, "solver": "glpk"}""",
        ]);
        var db = tmp.File("r.db");

        var result = ExactLipProcess.Run("batch", jobs, "--results", db);

        result.ExitCode.Should().Be(0, "failed jobs are recorded results, not a failed batch: " + result);
        result.Stdout.Should().Contain("2 completed, 9 failed");
        result.Stderr.Should().NotContain("Exception").And.NotContain("   at ");
        var rows = BatchJobFiles.Rows(db).ToDictionary(r => r.Line);
        rows.Should().HaveCount(11);
        string Error(int line) => rows[line].Error!;
        rows[1].Status.Should().Be("exact");
        rows[11].Status.Should().Be("exact", "the jobs after the failed ones still run");
        rows[11].Id.Should().Be("last");
        foreach (var line in Enumerable.Range(2, 9))
        {
            rows[line].Status.Should().Be("failed");
            rows[line].Stop.Should().Be("error");
            rows[line].Value.Should().BeNull();
            rows[line].Id.Should().Be(line.ToString(System.Globalization.CultureInfo.InvariantCulture), "a job without an id is named by its line");
            Error(line).Should().EndWith(".").And.NotContain("\n").And.NotContain("Exception");
            BatchJobFiles.Result(rows[line])["error"]!.GetValue<string>().Should().Be(Error(line));
        }

        Error(2).Should().StartWith("The line is not valid JSON");
        Error(3).Should().StartWith("The line is not a JSON object");
        Error(4).Should().Contain("absent.onnx").And.Contain("does not exist");
        Error(5).Should().StartWith("Unsupported ONNX operator 'Sigmoid'");
        Error(6).Should().Be("--lo has 3 entries, but the model expects 2.", "a job fails with certify's own sentence");
        Error(7).Should().Be("Unknown method 'simplex' for --method: choose mip, bab or auto.");
        Error(8).Should().StartWith("Unknown field 'epsilon'");
        Error(9).Should().Be("--gap must not be negative, but it is -1.");
        Error(10).Should().StartWith("The job names no model");
    }

    [Fact]
    public void Ctrl_c_records_the_running_jobs_as_interrupted_and_starts_no_other()
    {
        using var tmp = new TempFolder();
        var small = BatchJobFiles.Small(tmp.Path, 4);
        var jobs = BatchJobFiles.Write(tmp.Path,
        [
            small[0].Line, small[1].Line,
            BatchJobFiles.Hard(tmp.Path, "hard-a", timeLimit: null),
            BatchJobFiles.Hard(tmp.Path, "hard-b", timeLimit: null),
            small[2].Line, small[3].Line,
        ]);
        var db = tmp.File("r.db");
        using var run = ExactLipProcess.Start(["batch", jobs, "--results", db, "--parallel", "2"]);
        run.WaitForStderrLine(l => l.Contains("(line 2)", StringComparison.Ordinal), ExactLipProcess.Patience)
            .Should().BeTrue($"the small jobs finish first. Standard error:\n{run.Stderr}");
        // Both hard jobs are running a second later (each would take minutes).
        Thread.Sleep(TimeSpan.FromSeconds(1));
        run.Interrupt();
        var result = run.WaitForExit(TimeSpan.FromSeconds(60));

        result.ExitCode.Should().Be(3, "jobs are left to run: " + result);
        result.Stdout.Should().Contain("2 interrupted").And.Contain("2 not started").And.Contain("Rerun the same command");
        result.Stderr.Should().NotContain("Exception").And.NotContain("   at ");
        var rows = BatchJobFiles.Rows(db).ToDictionary(r => r.Line);
        rows.Keys.Should().BeEquivalentTo([1, 2, 3, 4], "no job starts after Ctrl-C");
        foreach (var line in new[] { 3, 4 })
        {
            var row = rows[line];
            row.Stop.Should().Be("interrupted", row.Result);
            row.Status.Should().Be("bounds");
            row.Lower.Should().BeGreaterThan(0);
            row.Upper.Should().BeGreaterThanOrEqualTo(row.Lower!.Value);
            row.History.Should().NotBeEmpty("the bounds found so far are recorded");
        }
    }
}

using ExactLip.Tests.Cli;
using ExactLip.Tests.Import;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Batch;

/// <summary>
/// Job fields a review found to end in an internal error or to be accepted silently: each is now a
/// failed row with certify's one sentence, and the job after them still runs.
/// </summary>
public sealed class BatchBadFieldTests
{
    [Fact]
    public void Out_of_range_fields_and_unreadable_files_are_failed_rows_with_one_sentence()
    {
        using var tmp = new TempFolder();
        File.Copy(Fixtures.Model("tiny_mlp.onnx"), tmp.File("tiny_mlp.onnx"));
        Directory.CreateDirectory(tmp.File("folder.onnx"));
        File.WriteAllText(tmp.File("nan.vnnlib"), "(declare-const X_0 Real) (declare-const X_1 Real) (assert (>= X_0 0)) (assert (<= X_0 NaN)) (assert (>= X_1 0)) (assert (<= X_1 1))");
        var jobs = BatchJobFiles.Write(tmp.Path,
        [
            """{"model": "tiny_mlp.onnx", "lo": 0, "hi": 1, "tolerance": 0.5}""",
            """{"model": "tiny_mlp.onnx", "lo": 0, "hi": 1, "time_limit": 1e300}""",
            """{"model": "tiny_mlp.onnx", "center": 1e308, "eps": 1e308}""",
            """{"model": "folder.onnx", "lo": 0, "hi": 1}""",
            """{"model": "tiny_mlp.onnx", "vnnlib": "nan.vnnlib"}""",
            """{"model": "tiny_mlp.onnx", "lo": 0, "hi": 1, "tolerance": 1e-3}""",
        ]);
        var db = tmp.File("r.db");

        var result = ExactLipProcess.Run("batch", jobs, "--results", db, "--quiet");

        result.ExitCode.Should().Be(0, result.ToString());
        result.Stdout.Should().Contain("1 completed, 5 failed");
        var rows = BatchJobFiles.Rows(db).ToDictionary(r => r.Line);
        foreach (var line in Enumerable.Range(1, 5))
        {
            rows[line].Status.Should().Be("failed");
            rows[line].Error.Should().EndWith(".").And.NotContain("\n").And.NotContain("Internal error");
        }

        rows[1].Error.Should().StartWith("--tolerance must be above 0 and below 0.1");
        rows[2].Error.Should().StartWith("The time limit --time-limit must be at most 2000000 seconds");
        rows[3].Error.Should().StartWith("The ball --center ± --eps overflows at input 0");
        rows[4].Error.Should().Be($"The model file {tmp.File("folder.onnx")} is a directory; give a file name.");
        rows[5].Error.Should().Contain("bounds input X_0 by NaN, which is not a finite number");
        rows[6].Status.Should().Be("exact");
    }
}

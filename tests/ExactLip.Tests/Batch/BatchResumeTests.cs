using ExactLip.Tests.Cli;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Batch;

/// <summary>
/// exactlip batch as a real child process, killed with SIGKILL in the middle and run again with
/// the same command: every job is recorded exactly once, with the values of a run that was
/// never killed, and those values are the exact constants found by region enumeration.
/// </summary>
public sealed class BatchResumeTests
{
    private const int SmallBefore = 8;
    private const int SmallAfter = 4;

    [Fact]
    public void Killed_batch_resumes_and_records_every_job_once_with_the_values_of_a_straight_run()
    {
        using var tmp = new TempFolder();
        var small = BatchJobFiles.Small(tmp.Path, SmallBefore + SmallAfter);
        // A job that is still running when the process is killed (its time limit ends it on the rerun).
        var lines = small.Take(SmallBefore).Select(s => s.Line)
            .Append(BatchJobFiles.Hard(tmp.Path, "hard", timeLimit: 1))
            .Concat(small.Skip(SmallBefore).Select(s => s.Line))
            .ToArray();
        var jobs = BatchJobFiles.Write(tmp.Path, lines);
        var killed = tmp.File("killed.db");
        string[] command = ["batch", jobs, "--results", killed];

        using (var run = ExactLipProcess.Start(command))
        {
            run.WaitForStderrLine(l => l.Contains($"(line {SmallBefore})", StringComparison.Ordinal), ExactLipProcess.Patience)
                .Should().BeTrue($"the batch reports each finished job. Standard error:\n{run.Stderr}");
            run.Kill();
        }

        var afterKill = BatchJobFiles.Rows(killed);
        afterKill.Count.Should().BeInRange(SmallBefore, lines.Length - 1, "the process was killed while the hard job ran");
        foreach (var row in afterKill)
        {
            // Each row was written whole: its history has as many points as its result says.
            row.History.Count.Should().Be(BatchJobFiles.Result(row)["history"]!.AsArray().Count);
        }

        var resumed = ExactLipProcess.Run(command);
        resumed.ExitCode.Should().Be(0, resumed.ToString());
        resumed.Stdout.Should().Contain($"{afterKill.Count} recorded earlier");

        var straightDb = tmp.File("straight.db");
        var straight = ExactLipProcess.Run("batch", jobs, "--results", straightDb, "--quiet");
        straight.ExitCode.Should().Be(0, straight.ToString());

        var rows = BatchJobFiles.Rows(killed);
        rows.Select(r => r.Line).Should().Equal(Enumerable.Range(1, lines.Length), "every job appears exactly once");
        var reference = BatchJobFiles.Rows(straightDb).ToDictionary(r => r.Line);
        foreach (var row in rows)
        {
            var expected = reference[row.Line];
            row.JobHash.Should().Be(expected.JobHash);
            row.Id.Should().Be(expected.Id);
            if (row.Id == "hard")
            {
                row.Stop.Should().Be("time_limit");
                row.Lower.Should().BeGreaterThan(0);
                continue;
            }

            row.Status.Should().Be("exact", row.Result);
            // The default races two engines: either may supply the witness, a point of the same
            // region whose proven value (the gradient's norm rounded down by its error bound) can
            // differ in its last bits from the other's.
            row.Value!.Value.Should().BeApproximately(expected.Value!.Value, 1e-12 * Math.Max(1, Math.Abs(expected.Value.Value)), $"job {row.Id} gives the same value resumed or not");
            // Branch and bound's two workers close sub-domains in a varying order, so the proven
            // upper bound can differ in its last digits between runs, never beyond the tolerance.
            row.Upper!.Value.Should().BeApproximately(expected.Upper!.Value, 1e-6 * Math.Max(1, Math.Abs(expected.Upper.Value)));
            var exact = small.Single(s => s.Line == row.Job).Exact;
            row.Value!.Value.Should().BeApproximately(exact, 1e-6 * Math.Max(1, exact), $"job {row.Id} is exact by region enumeration");
        }
    }

    [Fact]
    public void Rerunning_a_finished_batch_runs_nothing()
    {
        using var tmp = new TempFolder();
        var jobs = BatchJobFiles.Write(tmp.Path, BatchJobFiles.Small(tmp.Path, 3).Select(s => s.Line));
        var db = tmp.File("r.db");

        ExactLipProcess.Run("batch", jobs, "--results", db).ExitCode.Should().Be(0);
        var first = BatchJobFiles.Rows(db);
        var again = ExactLipProcess.Run("batch", jobs, "--results", db);

        again.ExitCode.Should().Be(0, again.ToString());
        again.Stdout.Should().Contain("0 completed").And.Contain("3 recorded earlier");
        BatchJobFiles.Rows(db).Select(r => r.FinishedUtc).Should().Equal(first.Select(r => r.FinishedUtc), "no job ran again");
    }
}

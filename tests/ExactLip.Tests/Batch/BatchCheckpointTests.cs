using ExactLip.Tests.Cli;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Batch;

/// <summary>
/// A batch killed with SIGKILL while a branch-and-bound job runs resumes that job from its
/// checkpoint on the rerun (it does not start it again), records the exact one-input oracle's
/// value, and removes the checkpoint once the row is committed.
/// </summary>
public sealed class BatchCheckpointTests
{
    [Fact]
    public void Killed_batch_resumes_its_running_job_from_the_checkpoint()
    {
        using var tmp = new TempFolder();
        var (model, _, truth) = CheckpointNetworks.Deep(tmp.Path);

        // Branch and bound alone, so that the kill lands in its search whatever a racing MIP would do.
        var jobs = BatchJobFiles.Write(tmp.Path, [$$"""{"id": "deep", "model": "{{Path.GetFileName(model)}}", "lo": -1, "hi": 1, "c": 1, "bounds": "interval", "method": "bab", "threads": 1}"""]);
        var results = tmp.File("results.db");
        string[] command = ["batch", jobs, "--results", results, "--checkpoint-interval", "0.02"];
        var folder = results + ".checkpoints";

        using (var run = ExactLipProcess.Start(command))
        {
            var deadline = DateTime.UtcNow + ExactLipProcess.Patience;
            (long Bounded, int Open)? seen = null;
            while (DateTime.UtcNow < deadline && !run.HasExited && seen is not { Bounded: >= 400 })
            {
                seen = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.checkpoint.json").Select(CheckpointNetworks.Progress).FirstOrDefault(p => p is not null) : null;
                Thread.Sleep(5);
            }

            run.Kill();
            seen.Should().NotBeNull($"the running job writes its checkpoint beside the database. Standard error:\n{run.Stderr}");
            seen!.Value.Open.Should().BeGreaterThan(0, "the kill lands inside the search");
        }

        BatchJobFiles.Rows(results).Should().BeEmpty("the job was running when the batch was killed");
        var rerun = ExactLipProcess.Run(command);
        rerun.ExitCode.Should().Be(0, rerun.ToString());
        rerun.Stderr.Should().Contain("job deep (line 1) resumed:", "the job continues its checkpoint");
        var row = BatchJobFiles.Rows(results).Single();
        row.Status.Should().Be("exact", row.Result);
        row.Value!.Value.Should().BeApproximately(truth, 1e-6 * truth);
        row.Lower!.Value.Should().BeLessThanOrEqualTo(truth * (1 + 1e-12));
        row.Upper!.Value.Should().BeGreaterThanOrEqualTo(truth * (1 - 1e-12));
        Directory.GetFiles(folder).Should().BeEmpty("a recorded job's checkpoint is removed");
    }
}

using System.Globalization;
using ExactLip.Tests.Cli;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Batch;

/// <summary>
/// Jobs that run at once share the cores: a branch-and-bound job without its own threads runs
/// cores / --parallel workers, one with threads keeps them, and certify alone uses every core.
/// </summary>
public sealed class BatchCoreShareTests
{
    [Fact]
    public void Parallel_jobs_split_the_cores_between_their_branch_and_bound_workers()
    {
        using var tmp = new TempFolder();
        var small = BatchJobFiles.Small(tmp.Path, 3);
        var threaded = small[2].Line.TrimEnd('}') + ", \"threads\": 3}";
        var jobs = BatchJobFiles.Write(tmp.Path, [small[0].Line, small[1].Line, threaded]);
        var db = tmp.File("r.db");

        var batch = ExactLipProcess.Run("batch", jobs, "--results", db, "--parallel", "2", "--quiet");

        batch.ExitCode.Should().Be(0, batch.ToString());
        var rows = BatchJobFiles.Rows(db).OrderBy(r => r.Line).ToArray();
        var share = Math.Max(1, Environment.ProcessorCount / 2);
        Workers(rows[0]).Should().Be(share);
        Workers(rows[1]).Should().Be(share);
        Workers(rows[2]).Should().Be(3, "a job's own threads are kept");
        rows.Should().OnlyContain(r => r.Status == "exact");
    }

    /// <summary>The worker count branch and bound states in its note ("…, N workers.").</summary>
    private static int Workers(ExactLip.Batch.Results.JobRecord row)
    {
        var result = BatchJobFiles.Result(row);
        result["method"]!.GetValue<string>().Should().Be("bab");
        var note = result["notes"]!.AsArray().Select(n => n!.GetValue<string>()).Single(n => n.StartsWith("Branch and bound:", StringComparison.Ordinal));
        var tail = note[(note.LastIndexOf(", ", StringComparison.Ordinal) + 2)..];
        return int.Parse(tail.Split(' ')[0], CultureInfo.InvariantCulture);
    }
}

using System.Globalization;
using ExactLip.Core.Threading;
using ExactLip.Tests.Cli;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Batch;

/// <summary>
/// Jobs that run at once share the cores: a job without its own threads runs on cores /
/// --parallel of them, one with threads keeps them, and certify alone uses every core. The
/// default engine (auto) gives the MIP half of a job's cores (at least one) and branch and bound a
/// worker per core of the job where the race moves the cores while it runs (Linux: its extra
/// workers wait while the MIP leads, RaceAllocationPolicy), else the larger half.
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
        int Workers(int cores) => ThreadNice.Supported ? cores : Math.Max(1, cores - (cores / 2));
        Cores(rows[0]).Should().Be((Workers(share), Math.Max(1, share / 2)));
        Cores(rows[1]).Should().Be((Workers(share), Math.Max(1, share / 2)));
        Cores(rows[2]).Should().Be((Workers(3), 1), "a job's own threads are kept, and shared");
        rows.Should().OnlyContain(r => r.Status == "exact");
    }

    /// <summary>
    /// Branch and bound's workers, from its note ("bab: Branch and bound: …, N workers."), and the
    /// MIP's threads, from the portfolio's note ("… mip on highs with M thread(s) …").
    /// </summary>
    private static (int Workers, int MipThreads) Cores(ExactLip.Batch.Results.JobRecord row)
    {
        var result = BatchJobFiles.Result(row);
        result["method"]!.GetValue<string>().Should().Be("auto");
        var notes = result["notes"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
        var bab = notes.Single(n => n.StartsWith("bab: Branch and bound:", StringComparison.Ordinal));
        var tail = bab[(bab.LastIndexOf(", ", StringComparison.Ordinal) + 2)..];
        var portfolio = notes.Single(n => n.StartsWith("Portfolio:", StringComparison.Ordinal));
        var threads = portfolio[(portfolio.IndexOf(" with ", StringComparison.Ordinal) + 6)..];
        return (int.Parse(tail.Split(' ')[0], CultureInfo.InvariantCulture), int.Parse(threads.Split(' ')[0], CultureInfo.InvariantCulture));
    }
}

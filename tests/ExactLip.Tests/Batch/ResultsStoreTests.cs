using ExactLip.Batch.Results;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Tests.Cli;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Batch;

public sealed class ResultsStoreTests
{
    private const string Sha = "aaaa";

    private static JobRecord Record(int line, string stop, double lower = 1.5, string hash = "h") => new(
        line, hash, $"job{line}", "/m/a.onnx", "{\"model\": \"a.onnx\"}", stop == "interrupted" ? "bounds" : "exact", stop,
        stop == "interrupted" ? null : lower, lower, stop == "interrupted" ? lower + 1 : lower, 0.25, null, "{\"value\": 1.5}",
        [new BoundPoint(0.1, 1.0, double.PositiveInfinity), new BoundPoint(0.2, lower, lower + 1)], new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc));

    [Fact]
    public void Write_then_read_gives_back_the_row_and_its_history()
    {
        using var tmp = new TempFolder();
        var path = tmp.File("r.db");
        var record = Record(3, "optimal");
        using (var store = ResultsStore.Open(path, "jobs.jsonl", Sha, "1/1", resume: false))
        {
            store.Write(record);
            store.Finished().Should().BeEquivalentTo([(3, "h")]);
        }

        var read = ResultsReader.Read(path).Single();
        read.Should().BeEquivalentTo(record, o => o.Excluding(r => r.History));
        read.History.Should().HaveCount(2);
        read.History[0].Upper.Should().Be(double.PositiveInfinity, "an infinite bound is stored as NULL and read back as infinity");
        read.History[1].Should().Be(record.History[1]);
    }

    [Fact]
    public void An_interrupted_job_is_not_finished_and_its_rerun_replaces_it()
    {
        using var tmp = new TempFolder();
        using var store = ResultsStore.Open(tmp.File("r.db"), "jobs.jsonl", Sha, "1/1", resume: false);
        store.Write(Record(1, "interrupted", lower: 0.5));

        store.Finished().Should().BeEmpty();
        store.Write(Record(1, "optimal", lower: 2));

        store.Finished().Should().BeEquivalentTo([(1, "h")]);
        store.Dispose();
        var rows = ResultsReader.Read(tmp.File("r.db"));
        rows.Should().ContainSingle().Which.Lower.Should().Be(2);
        rows[0].History.Should().HaveCount(2, "the interrupted attempt's history went with it");
    }

    [Fact]
    public void Open_refuses_a_database_of_another_job_file_unless_resuming()
    {
        using var tmp = new TempFolder();
        var path = tmp.File("r.db");
        using (var store = ResultsStore.Open(path, "jobs.jsonl", Sha, "1/1", resume: false))
        {
            store.Write(Record(1, "optimal"));
        }

        var other = () => ResultsStore.Open(path, "jobs.jsonl", "bbbb", "1/1", resume: false).Dispose();
        other.Should().Throw<ExactLipException>().WithMessage("*holds 1 results of another version of the job file*resume*");
        var shard = () => ResultsStore.Open(path, "jobs.jsonl", Sha, "2/3", resume: false).Dispose();
        shard.Should().Throw<ExactLipException>().WithMessage("*holds 1 results of shard 1/1*");
        using var resumed = ResultsStore.Open(path, "jobs.jsonl", "bbbb", "1/1", resume: true);
        resumed.Finished().Should().HaveCount(1, "resuming keeps what was recorded");
    }

    [Fact]
    public void A_database_in_use_by_another_batch_is_refused()
    {
        using var tmp = new TempFolder();
        var path = tmp.File("r.db");
        using var first = ResultsStore.Open(path, "jobs.jsonl", Sha, "1/1", resume: false);

        var second = () => ResultsStore.Open(path, "jobs.jsonl", Sha, "1/1", resume: false).Dispose();

        second.Should().Throw<ExactLipException>().WithMessage($"The results database '{path}' is in use by another batch run.");
    }

    [Fact]
    public void A_file_that_is_not_a_results_database_is_refused()
    {
        using var tmp = new TempFolder();
        var path = tmp.File("notes.txt");
        File.WriteAllText(path, "these are not results, but a text file long enough to fill a page header of a database.");

        var open = () => ResultsStore.Open(path, "jobs.jsonl", Sha, "1/1", resume: false).Dispose();
        var read = () => ResultsReader.Read(path);

        open.Should().Throw<ExactLipException>().WithMessage("*is not an ExactLip results database*");
        read.Should().Throw<ExactLipException>().WithMessage("*is not an ExactLip results database*");
        File.ReadAllText(path).Should().StartWith("these are not results", "nothing written earlier is lost");
    }
}

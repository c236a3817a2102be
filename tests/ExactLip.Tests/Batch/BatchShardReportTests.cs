using System.Globalization;
using ExactLip.Tests.Cli;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Batch;

/// <summary>--shard K/N splits a job file into disjoint parts that cover it; report merges their databases.</summary>
public sealed class BatchShardReportTests
{
    [Fact]
    public void Shards_1_to_n_cover_every_job_exactly_once()
    {
        using var tmp = new TempFolder();
        var jobs = BatchJobFiles.Write(tmp.Path, BatchJobFiles.Small(tmp.Path, 7).Select(s => s.Line));
        const int n = 3;

        var lines = new List<int>();
        for (var k = 1; k <= n; k++)
        {
            var db = tmp.File($"shard{k}.db");
            var result = ExactLipProcess.Run("batch", jobs, "--results", db, "--shard", $"{k}/{n}", "--quiet");
            result.ExitCode.Should().Be(0, result.ToString());
            var shard = BatchJobFiles.Rows(db).Select(r => r.Line).ToArray();
            shard.Should().OnlyContain(line => (line - 1) % n == k - 1, "shard K/N holds the lines L with (L-1) mod N = K-1");
            lines.AddRange(shard);
        }

        lines.Should().BeEquivalentTo(Enumerable.Range(1, 7), "together the shards hold each job once");
    }

    [Fact]
    public void Report_merges_two_shard_databases_into_one_csv()
    {
        using var tmp = new TempFolder();
        var small = BatchJobFiles.Small(tmp.Path, 4);
        var jobs = BatchJobFiles.Write(tmp.Path, [small[0].Line, small[1].Line, """{"model": "gone.onnx", "lo": 0, "hi": 1}""", small[2].Line, small[3].Line]);
        var one = tmp.File("one.db");
        var two = tmp.File("two.db");
        ExactLipProcess.Run("batch", jobs, "--results", one, "--shard", "1/2", "--quiet").ExitCode.Should().Be(0);
        ExactLipProcess.Run("batch", jobs, "--results", two, "--shard", "2/2", "--quiet").ExitCode.Should().Be(0);
        var csvPath = tmp.File("all.csv");

        var report = ExactLipProcess.Run("report", two, one, "--csv", csvPath);

        report.ExitCode.Should().Be(0, report.ToString());
        report.Stdout.Should().Contain("5 jobs: 4 exact, 1 failed.");
        var csv = File.ReadAllLines(csvPath);
        var header = csv[0].Split(',');
        header.Take(8).Should().Equal("id", "model", "status", "stop", "value", "lower", "upper", "seconds");
        int Column(string name) => Array.IndexOf(header, name);
        var rows = csv.Skip(1).Select(l => l.Split(',')).ToArray();
        rows.Should().HaveCount(5);
        rows.Select(r => r[Column("line")]).Should().Equal("1", "2", "3", "4", "5");
        rows.Select(r => r[Column("database")]).Should().Equal(one, two, one, two, one);

        // Each CSV row says what its database says.
        var recorded = BatchJobFiles.Rows(one).Concat(BatchJobFiles.Rows(two)).ToDictionary(r => r.Line);
        foreach (var row in rows)
        {
            var record = recorded[int.Parse(row[Column("line")], CultureInfo.InvariantCulture)];
            row[Column("id")].Should().Be(record.Id);
            row[Column("status")].Should().Be(record.Status);
            row[Column("stop")].Should().Be(record.Stop);
            row[Column("value")].Should().Be(record.Value?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty);
            row[Column("lower")].Should().Be(record.Lower?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty);
            row[Column("upper")].Should().Be(record.Upper?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty);
            double.Parse(row[Column("seconds")], CultureInfo.InvariantCulture).Should().Be(record.Seconds);
        }

        var failed = rows.Single(r => r[Column("line")] == "3");
        failed[Column("id")].Should().Be("3", "a job without an id is named by its line");
        failed[Column("status")].Should().Be("failed");
        failed[Column("error")].Should().Contain("gone.onnx");
        var exact = rows.Where(r => r[Column("status")] == "exact").ToArray();
        exact.Select(r => double.Parse(r[Column("value")], CultureInfo.InvariantCulture))
            .Should().Equal(small.Select(s => s.Exact), (a, b) => Math.Abs(a - b) <= 1e-6 * Math.Max(1, b), "the values are exact by region enumeration");
        var (sha, version) = (Column("model_sha256"), Column("solver_version"));
        exact.Should().OnlyContain(r => r[sha].Length == 64 && r[version].Length > 0);
    }

    [Fact]
    public void Report_plots_the_bound_history_of_chosen_jobs_as_svg()
    {
        using var tmp = new TempFolder();
        var jobs = BatchJobFiles.Write(tmp.Path, BatchJobFiles.Small(tmp.Path, 3).Select(s => s.Line));
        var db = tmp.File("r.db");
        ExactLipProcess.Run("batch", jobs, "--results", db, "--quiet").ExitCode.Should().Be(0);
        var svg = tmp.File("plot.svg");

        var report = ExactLipProcess.Run("report", db, "--svg", svg, "--jobs", "small-0,small-2");

        report.ExitCode.Should().Be(0, report.ToString());
        var document = System.Xml.Linq.XDocument.Load(svg);
        var paths = document.Descendants().Where(e => e.Name.LocalName == "path").ToArray();
        paths.Should().HaveCount(4, "an upper (solid) and a lower (dashed) line for each of the two jobs");
        paths.Count(p => p.Attribute("stroke-dasharray") is not null).Should().Be(2);
        var text = string.Concat(document.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value + "\n"));
        text.Should().Contain("job small-0").And.Contain("job small-2").And.NotContain("job small-1");

        var unknown = ExactLipProcess.Run("report", db, "--svg", svg, "--jobs", "nope");
        unknown.ExitCode.Should().Be(2);
        unknown.Stderr.Should().Be("error: --jobs names 'nope', but no job in the results has that id.\n");
    }
}

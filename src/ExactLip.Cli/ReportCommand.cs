using System.CommandLine;
using System.Globalization;
using ExactLip.Batch.Report;
using ExactLip.Core;

namespace ExactLip.Cli;

/// <summary>
/// <c>exactlip report RESULTS...</c>: merges results databases (the shards of a batch, or
/// several batches) into one table, printed or written as CSV, and plots the bound history of
/// chosen jobs as SVG.
/// </summary>
public static class ReportCommand
{
    /// <summary>Jobs plotted when --jobs is not given (more would not be told apart).</summary>
    private const int MaxDefaultPlotted = 8;

    public static Command Create()
    {
        var databases = new Argument<string[]>("RESULTS") { Description = "Results databases written by exactlip batch.", Arity = ArgumentArity.OneOrMore };
        var csv = new Option<string?>("--csv") { Description = "Write the merged table as CSV to this file ('-' for standard output)." };
        var svg = new Option<string?>("--svg") { Description = "Plot the bound history (upper and lower bound against time) of the jobs of --jobs to this SVG file." };
        var jobs = new Option<string?>("--jobs") { Description = "The ids of the jobs to plot, comma-separated (ids default to line numbers); all jobs when there are at most 8." };
        var mergeSplits = new Option<bool>("--merge-splits") { Description = "One row per split instance (exactlip split): lower = the best part's lower bound, upper = the largest of the parts' upper bounds (unknown while a part has none)." };
        var json = new Option<string?>("--json") { Description = "With --merge-splits, write the instances as JSON to this file ('-' for standard output)." };

        var command = new Command("report", "Merge batch results databases into one table (CSV) and plot bound histories (SVG).");
        command.Arguments.Add(databases);
        command.Options.Add(csv);
        command.Options.Add(svg);
        command.Options.Add(jobs);
        command.Options.Add(mergeSplits);
        command.Options.Add(json);

        command.SetAction(parse =>
        {
            var csvPath = parse.GetValue(csv);
            var svgPath = parse.GetValue(svg);
            var ids = parse.GetValue(jobs);
            if (ids is not null && svgPath is null)
            {
                throw new ExactLipException("--jobs chooses the jobs to plot: give --svg FILE too.");
            }

            var jsonPath = parse.GetValue(json);
            if (parse.GetValue(mergeSplits))
            {
                if (csvPath is not null || svgPath is not null)
                {
                    throw new ExactLipException("--merge-splits reports split instances (as a table, or with --json); --csv and --svg report jobs: run report once for each.");
                }

                AtomicFile.RequireDirectory(jsonPath, "--json");
                SplitReport.Print(SplitMerge.Merge(ReportTable.Merge(parse.GetValue(databases)!)), jsonPath);
                return 0;
            }

            if (jsonPath is not null)
            {
                throw new ExactLipException("--json writes the split instances of --merge-splits: give --merge-splits too (or --csv for the jobs).");
            }

            AtomicFile.RequireDirectory(csvPath, "--csv");
            AtomicFile.RequireDirectory(svgPath, "--svg");
            var rows = ReportTable.Merge(parse.GetValue(databases)!);
            var plotted = svgPath is null ? null : Plotted(rows, ids);

            if (csvPath == "-")
            {
                Console.Out.Write(CsvReport.Write(rows));
            }
            else
            {
                PrintTable(rows, Console.Out);
                if (csvPath is not null)
                {
                    AtomicFile.Write(csvPath, CsvReport.Write(rows), "CSV table");
                }
            }

            if (svgPath is not null)
            {
                AtomicFile.Write(svgPath, BoundHistoryPlot.Render(plotted!), "bound-history chart");
            }

            return 0;
        });
        return command;
    }

    private static IReadOnlyList<ReportRow> Plotted(IReadOnlyList<ReportRow> rows, string? ids)
    {
        if (ids is null)
        {
            var ran = rows.Where(r => r.Record.Lower is not null).ToArray();
            if (ran.Length > MaxDefaultPlotted)
            {
                throw new ExactLipException($"The results hold {ran.Length} jobs with bounds: choose the ones to plot with --jobs ID,ID,… (ids default to line numbers).");
            }

            return ran;
        }

        var chosen = new List<ReportRow>();
        foreach (var id in ids.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var matches = rows.Where(r => r.Record.Id == id).ToArray();
            if (matches.Length == 0)
            {
                throw new ExactLipException($"--jobs names '{id}', but no job in the results has that id.");
            }

            chosen.AddRange(matches);
        }

        return chosen;
    }

    private static void PrintTable(IReadOnlyList<ReportRow> rows, TextWriter writer)
    {
        var c = CultureInfo.InvariantCulture;
        string N(double? v) => v is { } x && double.IsFinite(x) ? x.ToString("G8", c) : "-";
        var table = rows.Select(r => new[]
        {
            r.Record.Id, r.Record.Status, r.Record.Stop, N(r.Record.Value), N(r.Record.Lower), N(r.Record.Upper),
            r.Record.Seconds.ToString("0.00", c), Path.GetFileName(r.Record.Model ?? "-"),
        }).ToList();
        string[] header = ["id", "status", "stop", "value", "lower", "upper", "seconds", "model"];
        var widths = header.Select((h, i) => table.Select(row => row[i].Length).Prepend(h.Length).Max()).ToArray();
        writer.WriteLine(string.Join("  ", header.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
        foreach (var row in table)
        {
            writer.WriteLine(string.Join("  ", row.Select((v, i) => v.PadRight(widths[i]))).TrimEnd());
        }

        var counts = rows.GroupBy(r => r.Record.Status).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count().ToString(c)} {g.Key}");
        writer.WriteLine($"{rows.Count.ToString(c)} jobs: {string.Join(", ", counts)}.");
        foreach (var failed in rows.Where(r => r.Record.Error is not null))
        {
            writer.WriteLine($"job {failed.Record.Id} (line {failed.Record.Line.ToString(c)}) failed: {failed.Record.Error}");
        }
    }
}

using System.Globalization;

namespace ExactLip.Benchmarks;

/// <summary>
/// Rewrites the hard-half summary from engine tables already written (by <see cref="EngineBenchmark"/>),
/// so that runs made at different times, e.g. the MIP runs and the branch-and-bound runs, are
/// summarised together: --summarize FILE[,FILE…] --time-limit S [--out FILE]. Every table row
/// (model, quantity, engine, …, status, stop, seconds, …) is read; the first row of an
/// instance and engine wins.
/// </summary>
public static class EngineTableSummary
{
    public static int Run(string[] args)
    {
        var files = Program.Arg(args, "--summarize")!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var limit = double.Parse(Program.Arg(args, "--time-limit") ?? "60", CultureInfo.InvariantCulture);
        var runs = new List<(string Case, string Engine, double Seconds, bool Exact, double Gap)>();
        foreach (var file in files)
        {
            foreach (var line in File.ReadLines(file))
            {
                if (Parse(line) is { } run)
                {
                    runs.Add(run);
                }
            }
        }

        var summary = HardHalfSummary.Write(runs, limit);
        Console.Write(summary);
        if (Program.Arg(args, "--out") is { } output)
        {
            File.WriteAllText(output, $"Summary of {string.Join(", ", files.Select(Path.GetFileName))}.\n\n{summary}");
            Console.WriteLine($"Wrote {output}");
        }

        return 0;
    }

    /// <summary>One row of an engine table; null for any other line (headers, summaries, notes).</summary>
    private static (string Case, string Engine, double Seconds, bool Exact, double Gap)? Parse(string line)
    {
        var cells = line.Split('|').Select(c => c.Trim()).ToArray();

        // "| a | … | k |" splits into 13 cells, the first and the last empty.
        if (cells.Length != 13 || cells[3] is "engine" or "---" || !double.TryParse(cells[9], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return null;
        }

        var lower = double.Parse(cells[5], CultureInfo.InvariantCulture);
        var upper = double.Parse(cells[6], CultureInfo.InvariantCulture);
        return ($"{cells[1]} {cells[2]}", cells[3], seconds, cells[7] == "exact", (upper - lower) / Math.Max(upper, 1e-12));
    }
}

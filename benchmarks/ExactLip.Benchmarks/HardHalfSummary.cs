using System.Globalization;
using System.Text;

namespace ExactLip.Benchmarks;

/// <summary>
/// Summarises the "hard half" of the suite: the half of the instances on which the baseline
/// engine (the MIP with interval bounds, else the first engine run) took longest. A run that did
/// not end exact counts at the time limit, whatever stopped it (the limit, or a back end that
/// failed early with bounds): it did not solve the instance within the limit. Where the baseline
/// stopped at the limit, the speed-up computed from it is a lower bound on the real one. Ties at
/// the limit go to the larger final gap of the baseline.
/// </summary>
public static class HardHalfSummary
{
    public static string Write(IReadOnlyList<(string Case, string Engine, double Seconds, bool Exact, double Gap)> runs, double limit)
    {
        var c = CultureInfo.InvariantCulture;
        if (runs.Count == 0)
        {
            return string.Empty;
        }

        runs = runs.Select(r => r.Exact ? r : r with { Seconds = limit }).ToArray();
        var engines = runs.Select(r => r.Engine).Distinct().ToArray();
        var baselineEngine = engines.Contains("mip interval") ? "mip interval" : engines[0];
        var byCase = runs.GroupBy(r => r.Case).ToDictionary(g => g.Key, g => g.GroupBy(r => r.Engine).ToDictionary(e => e.Key, e => e.First()));
        var hard = byCase
            .Where(kv => kv.Value.ContainsKey(baselineEngine))
            .OrderByDescending(kv => kv.Value[baselineEngine].Seconds)

            // Among runs the limit stopped, the larger final gap is the harder instance.
            .ThenByDescending(kv => kv.Value[baselineEngine].Gap)
            .Take((byCase.Count(kv => kv.Value.ContainsKey(baselineEngine)) + 1) / 2)
            .Select(kv => kv.Value)
            .ToArray();
        var text = new StringBuilder();
        text.AppendLine($"Hard half: {hard.Length} instances, the longest for {baselineEngine} (runs that did not end exact counted at {limit} s).");
        text.AppendLine();
        text.AppendLine($"| engine | exact | geometric-mean seconds | speed-up vs {baselineEngine} | median final gap |");
        text.AppendLine("|---|---|---|---|---|");
        var baseline = GeoMean(hard.Select(h => h[baselineEngine].Seconds));
        foreach (var engine in engines)
        {
            var rows = hard.Where(h => h.ContainsKey(engine)).Select(h => h[engine]).ToArray();
            if (rows.Length == 0)
            {
                continue;
            }

            var mean = GeoMean(rows.Select(r => r.Seconds));
            var gaps = rows.Select(r => r.Gap).OrderBy(g => g).ToArray();
            text.AppendLine($"| {engine} | {rows.Count(r => r.Exact)}/{rows.Length} | {mean.ToString("0.00", c)} | {(baseline / mean).ToString("0.00", c)}× | {gaps[gaps.Length / 2].ToString("0.###%", c)} |");
        }

        return text.ToString();
    }

    private static double GeoMean(IEnumerable<double> values)
    {
        var list = values.Select(v => Math.Max(v, 1e-3)).ToArray();
        return Math.Exp(list.Average(Math.Log));
    }
}

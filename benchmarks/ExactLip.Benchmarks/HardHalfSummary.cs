using System.Globalization;
using System.Text;
using ExactLip.Bounds;

namespace ExactLip.Benchmarks;

/// <summary>
/// Summarises the "hard half" of the suite: the half of the instances on which the interval-bounds
/// run took longest. Runs stopped by the time limit count at the limit, so a speed-up computed
/// from them is a lower bound on the real one.
/// </summary>
public static class HardHalfSummary
{
    public static string Write(IReadOnlyList<(string Case, BoundsMethod Method, double Seconds, bool Exact, double Gap)> runs, double limit)
    {
        var c = CultureInfo.InvariantCulture;
        var byCase = runs.GroupBy(r => r.Case).ToDictionary(g => g.Key, g => g.ToDictionary(r => r.Method));
        var hard = byCase
            .Where(kv => kv.Value.ContainsKey(BoundsMethod.Interval))
            .OrderByDescending(kv => kv.Value[BoundsMethod.Interval].Seconds)
            .Take((byCase.Count + 1) / 2)
            .Select(kv => kv.Value)
            .ToArray();
        var text = new StringBuilder();
        text.AppendLine($"Hard half: {hard.Length} instances (time-limited runs counted at {limit} s).");
        text.AppendLine();
        text.AppendLine("| bounds | exact | geometric-mean seconds | speed-up vs interval | median final gap |");
        text.AppendLine("|---|---|---|---|---|");
        var baseline = GeoMean(hard.Select(h => h[BoundsMethod.Interval].Seconds));
        foreach (var method in new[] { BoundsMethod.Interval, BoundsMethod.Crown, BoundsMethod.Lp })
        {
            var rows = hard.Where(h => h.ContainsKey(method)).Select(h => h[method]).ToArray();
            if (rows.Length == 0)
            {
                continue;
            }

            var mean = GeoMean(rows.Select(r => r.Seconds));
            var gaps = rows.Select(r => r.Gap).OrderBy(g => g).ToArray();
            text.AppendLine($"| {method.Name()} | {rows.Count(r => r.Exact)}/{rows.Length} | {mean.ToString("0.00", c)} | {(baseline / mean).ToString("0.00", c)}× | {gaps[gaps.Length / 2].ToString("0.###%", c)} |");
        }

        return text.ToString();
    }

    private static double GeoMean(IEnumerable<double> values)
    {
        var list = values.Select(v => Math.Max(v, 1e-3)).ToArray();
        return Math.Exp(list.Average(Math.Log));
    }
}

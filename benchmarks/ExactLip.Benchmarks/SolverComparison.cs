using System.Globalization;
using System.Text;
using ExactLip.Bounds;

namespace ExactLip.Benchmarks;

/// <summary>
/// The cross-back-end table: for every instance and bounds method, the seconds, nodes and final
/// gap of each back end side by side, then one summary line per back end. Runs stopped by the
/// time limit count at the limit in the geometric means, so those are lower bounds on the
/// real times of the slower back ends.
/// </summary>
public static class SolverComparison
{
    public static string Write(IReadOnlyList<BenchmarkRun> runs, IReadOnlyList<string> solvers, double limit)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine("| instance | bounds | " + string.Join(" | ", solvers.Select(s => $"{s} s / nodes / gap")) + " |");
        text.AppendLine("|---|---|" + string.Concat(solvers.Select(_ => "---|")));
        foreach (var group in runs.GroupBy(r => (r.Case, r.Method)))
        {
            var cells = solvers.Select(s => group.FirstOrDefault(r => r.Solver == s) is { } r
                ? $"{r.Seconds.ToString("0.00", c)} / {r.Nodes} / {Gap(r)}"
                : "–");
            text.AppendLine($"| {group.Key.Case} | {group.Key.Method.Name()} | {string.Join(" | ", cells)} |");
        }

        text.AppendLine();
        text.AppendLine($"| back end | exact | geometric-mean seconds (limit {limit} s counts as {limit}) | total nodes | median final gap | fastest on |");
        text.AppendLine("|---|---|---|---|---|---|");
        var fastest = runs.GroupBy(r => (r.Case, r.Method))
            .Select(g => g.OrderBy(r => r.Exact ? 0 : 1).ThenBy(r => r.Seconds).First().Solver)
            .GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        foreach (var solver in solvers)
        {
            var mine = runs.Where(r => r.Solver == solver).ToArray();
            if (mine.Length == 0)
            {
                continue;
            }

            var gaps = mine.Select(r => r.Gap).OrderBy(g => g).ToArray();
            var mean = Math.Exp(mine.Average(r => Math.Log(Math.Max(r.Seconds, 1e-3))));
            text.AppendLine($"| {solver} | {mine.Count(r => r.Exact)}/{mine.Length} | {mean.ToString("0.000", c)} | {mine.Sum(r => r.Nodes)} | {gaps[gaps.Length / 2].ToString("0.###%", c)} | {fastest.GetValueOrDefault(solver)} |");
        }

        return text.ToString();
    }

    private static string Gap(BenchmarkRun run) =>
        run.Exact ? "exact" : run.Gap.ToString("0.#%", CultureInfo.InvariantCulture);
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using ExactLip.Bounds;
using ExactLip.Certify;
using ExactLip.Mip.Solving;
using ExactLip.Solvers;

namespace ExactLip.Benchmarks;

/// <summary>
/// Times the LP bound tightening of <c>--bounds lp</c> (forward then backward, from CROWN bounds)
/// with every installed back end that keeps warm LP sessions, on the suite's instances: seconds,
/// LPs solved, LPs per second and the unstable neurons left. Usage: add <c>--lp-sessions</c>.
/// </summary>
public static class LpSessionBenchmark
{
    public static string Run(IReadOnlyList<BenchmarkCase> cases)
    {
        var c = CultureInfo.InvariantCulture;
        var solvers = SolverRegistry.List().Where(s => s.IsAvailable).Select(s => SolverRegistry.Create(s.Name)).Where(s => s is ILpSessionFactory).ToArray();
        var text = new StringBuilder();
        text.AppendLine("| instance | crown unstable | " + string.Join(" | ", solvers.Select(s => $"{s.Name} s / LPs / unstable")) + " |");
        text.AppendLine("|---|---|" + string.Concat(solvers.Select(_ => "---|")));
        var totals = solvers.ToDictionary(s => s.Name, _ => (Seconds: 0.0, Lps: 0));
        foreach (var bench in cases.Where(b => b.Quantity.IsScalar))
        {
            var weights = bench.Quantity.Subproblems(bench.Network.OutputSize)[0];
            var crown = BoundPropagation.Compute(bench.Network, bench.Box, weights.Bounds(), BoundsMethod.Crown);
            var cells = new List<string>();
            foreach (var solver in solvers)
            {
                var clock = Stopwatch.StartNew();
                var tightening = new LpBoundTightening(solver, () => null, CancellationToken.None);
                var acts = tightening.TightenForward(crown, weights, bench.Quantity.InputNorm);
                var forward = new NetworkBounds(bench.Network, BoundsMethod.Lp, acts, BoundPropagation.Backward(bench.Network, acts, weights.Bounds()));
                var tightened = tightening.TightenBackward(forward, weights, bench.Quantity.InputNorm);
                var seconds = clock.Elapsed.TotalSeconds;
                cells.Add($"{seconds.ToString("0.00", c)} / {tightening.LpCount} / {tightened.UnstableNeurons}");
                var (s, n) = totals[solver.Name];
                totals[solver.Name] = (s + seconds, n + tightening.LpCount);
                Console.WriteLine($"lp sessions {solver.Name}: {bench.Model} {bench.Description}: {seconds:0.00} s, {tightening.LpCount} LPs");
            }

            text.AppendLine($"| {bench.Model} {bench.Description} | {crown.UnstableNeurons} | {string.Join(" | ", cells)} |");
        }

        text.AppendLine();
        foreach (var (name, (seconds, lps)) in totals)
        {
            text.AppendLine($"- {name}: {lps} LPs in {seconds.ToString("0.00", c)} s ({(lps / Math.Max(seconds, 1e-9)).ToString("0", c)} LPs per second).");
        }

        return text.ToString();
    }
}

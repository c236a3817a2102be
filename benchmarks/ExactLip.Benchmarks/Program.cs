using System.Globalization;
using System.Text;
using ExactLip.Bounds;
using ExactLip.Certify;
using ExactLip.Mip.Solving;
using ExactLip.Solvers;

namespace ExactLip.Benchmarks;

/// <summary>
/// Runs the certify suite for each bounds method on one or more back ends and writes Markdown tables.
/// Usage: dotnet run -c Release --project benchmarks/ExactLip.Benchmarks -- [--solver cbc |
/// --solver highs,scip | --solver all] [--bounds interval,crown,lp] [--time-limit 60]
/// [--out benchmarks/results/certify.md] [--only TEXT|TEXT…] [--lp-sessions].
/// "all" means every back end installed here. With several back ends the file gets one table per
/// back end and a side-by-side comparison (seconds, nodes, final gap). The machine's load average
/// at the start and the end goes next to the numbers: runs share the machine with whatever else
/// runs. With --method or --suite, <see cref="EngineBenchmark"/> compares the MIP path with branch
/// and bound instead; with --summarize, <see cref="EngineTableSummary"/> summarises engine tables
/// already written. Timings are measurements, never test assertions.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Contains("--bounds-cost"))
        {
            return BoundsCostBenchmark.Run(args);
        }

        if (args.Contains("--summarize"))
        {
            return EngineTableSummary.Run(args);
        }

        if (args.Contains("--method") || args.Contains("--suite"))
        {
            return EngineBenchmark.Run(args);
        }

        var solverNames = SolverNames(Arg(args, "--solver") ?? "cbc");
        var methods = (Arg(args, "--bounds") ?? "interval,crown,lp").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(BoundsMethods.Parse).ToArray();
        var limit = double.Parse(Arg(args, "--time-limit") ?? "60", CultureInfo.InvariantCulture);
        var output = Arg(args, "--out") ?? "benchmarks/results/certify.md";
        var only = Arg(args, "--only");
        var root = FindRoot();
        var shared = Path.GetFullPath(Path.Combine(root, "..", "shared", "models"));
        var solvers = solverNames.Select(SolverRegistry.Create).ToArray();
        var filters = only?.Split('|', StringSplitOptions.RemoveEmptyEntries);
        var cases = Suite.Cases(shared).Where(b => filters is null || filters.Any(f => b.Model.Contains(f, StringComparison.Ordinal))).ToArray();
        var loadBefore = LoadAverage();
        if (args.Contains("--lp-sessions"))
        {
            var report = LpSessionBenchmark.Run(cases);
            File.WriteAllText(output, $"LP bound tightening with warm sessions; load average at the start {loadBefore}, at the end {LoadAverage()}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.\n\n{report}");
            Console.WriteLine($"Wrote {output}");
            return 0;
        }

        var runs = new List<BenchmarkRun>();
        var tables = new StringBuilder();
        foreach (var solver in solvers)
        {
            tables.AppendLine($"### {solver.Name} {solver.Version}");
            tables.AppendLine();
            tables.Append(RunSuite(solver, cases, methods, limit, runs));
            tables.AppendLine();
        }

        var text = new StringBuilder();
        text.AppendLine($"Back ends {string.Join(", ", solvers.Select(s => $"{s.Name} {s.Version}"))}; bounds {string.Join(", ", methods.Select(m => m.Name()))}; time limit {limit} s per run, one solver thread; {Environment.ProcessorCount} cores; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.");
        text.AppendLine($"Load average (1/5/15 min) at the start: {loadBefore}; at the end: {LoadAverage()}.");
        text.AppendLine();
        if (solvers.Length > 1)
        {
            text.AppendLine("### Side by side");
            text.AppendLine();
            text.Append(SolverComparison.Write(runs, solvers.Select(s => s.Name).ToArray(), limit));
            text.AppendLine();
        }

        text.Append(tables);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        File.WriteAllText(output, text.ToString());
        Console.WriteLine($"Wrote {output}");
        return 0;
    }

    private static string RunSuite(IMipSolver solver, IReadOnlyList<BenchmarkCase> cases, IReadOnlyList<BoundsMethod> methods, double limit, List<BenchmarkRun> runs)
    {
        var c = CultureInfo.InvariantCulture;
        var table = new StringBuilder();
        table.AppendLine("| model | quantity | bounds | value | lower | upper | status | stop | seconds | nodes | binaries | unstable |");
        table.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        var mine = new List<(string Case, string Engine, double Seconds, bool Exact, double Gap)>();
        foreach (var bench in cases)
        {
            foreach (var method in methods)
            {
                var options = new CertifyOptions(Bounds: method, TimeLimit: TimeSpan.FromSeconds(limit));
                var cert = new Certifier(solver, options).Run(bench.Network, bench.Box, bench.Quantity, null, CancellationToken.None);
                var value = cert.Value is { } v ? v.ToString("G8", c) : "–";
                var line = $"| {bench.Model} | {bench.Description} | {method.Name()} | {value} | {cert.Lower.ToString("G8", c)} | {cert.Upper.ToString("G8", c)} | {cert.Status.Name()} | {cert.Stop.Name()} | {cert.Seconds.ToString("0.00", c)} | {cert.Nodes} | {cert.Binaries} | {cert.UnstableNeurons} |";
                Console.WriteLine($"{solver.Name}: {line}");
                table.AppendLine(line);
                var gap = (cert.Upper - cert.Lower) / Math.Max(cert.Upper, 1e-12);
                var name = bench.Model + " " + bench.Description;
                mine.Add((name, $"mip {method.Name()}", cert.Seconds, cert.Value is not null, gap));
                runs.Add(new BenchmarkRun(name, solver.Name, method, cert.Seconds, cert.Nodes, cert.Value is not null, gap, cert.Stop.Name()));
            }
        }

        if (methods.Contains(BoundsMethod.Interval))
        {
            table.AppendLine();
            table.Append(HardHalfSummary.Write(mine, limit));
        }

        return table.ToString();
    }

    /// <summary>"all" for every installed back end, else a comma-separated list of names.</summary>
    private static string[] SolverNames(string value) =>
        value.Trim().Equals("all", StringComparison.OrdinalIgnoreCase)
            ? SolverRegistry.List().Where(s => s.IsAvailable).Select(s => s.Name).ToArray()
            : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    internal static string LoadAverage()
    {
        try
        {
            return string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    internal static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    internal static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ExactLip.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}

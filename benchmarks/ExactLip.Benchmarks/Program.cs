using System.Globalization;
using System.Text;
using ExactLip.Bounds;
using ExactLip.Certify;
using ExactLip.Solvers;

namespace ExactLip.Benchmarks;

/// <summary>
/// Runs the certify suite for each bounds method on one back end and writes a Markdown table.
/// Usage: dotnet run -c Release --project benchmarks/ExactLip.Benchmarks -- [--solver cbc]
/// [--time-limit 60] [--out docs/benchmarks-certify.md] [--only TEXT].
/// Timings are measurements, never test assertions.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var solverName = Arg(args, "--solver") ?? "cbc";
        var limit = double.Parse(Arg(args, "--time-limit") ?? "60", CultureInfo.InvariantCulture);
        var output = Arg(args, "--out") ?? "benchmarks/results/certify.md";
        var only = Arg(args, "--only");
        var root = FindRoot();
        var shared = Path.GetFullPath(Path.Combine(root, "..", "shared", "models"));
        var solver = SolverRegistry.Create(solverName);
        var table = new StringBuilder();
        table.AppendLine($"Solver {solver.Name} {solver.Version}, time limit {limit} s per run, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}.");
        table.AppendLine();
        table.AppendLine("| model | quantity | bounds | value | lower | upper | status | stop | seconds | nodes | binaries | unstable |");
        table.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
        var runs = new List<(string Case, BoundsMethod Method, double Seconds, bool Exact, double Gap)>();
        foreach (var bench in Suite.Cases(shared))
        {
            if (only is not null && !bench.Model.Contains(only, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var method in new[] { BoundsMethod.Interval, BoundsMethod.Crown, BoundsMethod.Lp })
            {
                var options = new CertifyOptions(Bounds: method, TimeLimit: TimeSpan.FromSeconds(limit));
                var cert = new Certifier(solver, options).Run(bench.Network, bench.Box, bench.Quantity, null, CancellationToken.None);
                var c = CultureInfo.InvariantCulture;
                var value = cert.Value is { } v ? v.ToString("G8", c) : "–";
                var stop = cert.Stop.Name();
                var line = $"| {bench.Model} | {bench.Description} | {method.Name()} | {value} | {cert.Lower.ToString("G8", c)} | {cert.Upper.ToString("G8", c)} | {cert.Status.Name()} | {stop} | {cert.Seconds.ToString("0.00", c)} | {cert.Nodes} | {cert.Binaries} | {cert.UnstableNeurons} |";
                Console.WriteLine(line);
                table.AppendLine(line);
                runs.Add((bench.Model + " " + bench.Description, method, cert.Seconds, cert.Value is not null, (cert.Upper - cert.Lower) / Math.Max(cert.Upper, 1e-12)));
            }
        }

        table.AppendLine();
        table.Append(HardHalfSummary.Write(runs, limit));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        File.WriteAllText(output, table.ToString());
        Console.WriteLine($"Wrote {output}");
        return 0;
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ExactLip.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}

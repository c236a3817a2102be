using System.Globalization;
using System.Text;
using ExactLip.Bounds;
using ExactLip.BranchAndBound;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Engines;
using ExactLip.Solvers;

namespace ExactLip.Benchmarks;

/// <summary>
/// The two exact engines side by side: the MIP path with each bounds method on one back end, and
/// branch and bound (--method bab) on the same instances. Runs when --method or --suite is given:
/// dotnet run -c Release --project benchmarks/ExactLip.Benchmarks -- --method mip|bab|both|auto
/// [--suite certify|lipbab|portfolio] [--solver cbc] [--time-limit 60] [--out FILE] [--only TEXT]
/// [--bounds interval,crown,lp] [--branching layer|influence|signal|width] [--workers N]
/// [--input-split D] [--split-multipliers on|off] [--repeat N] [--engines auto,bab,mip highs] [--portfolio-split adaptive|half|every-core] [--head-start SECONDS]
/// [--history] (each reported run's bound history, its CPU seconds and the wall seconds around every run's call) [--versus adaptive|half|every-core:SECONDS] (the portfolio's <see cref="PortfolioSplit"/>, adaptive by
/// default, and a second one run beside it as "auto SPLIT:SECONDS"). --method auto runs, per instance, certify's default (the portfolio, crown
/// bounds, every core) beside branch and bound and the MIP path on HiGHS (each as certify's
/// --method bab and --method mip --solver highs run them). Timings are measurements, never test
/// assertions.
/// </summary>
public static class EngineBenchmark
{
    /// <summary>A split by name: "adaptive" (the default), "half" (the even split), "every-core"; with a head start in seconds.</summary>
    private static PortfolioSplit Split(string name, string headStart) =>
        new(name == "every-core", TimeSpan.FromSeconds(double.Parse(headStart, CultureInfo.InvariantCulture)), Adaptive: name == "adaptive");

    /// <summary>Runs one engine and keeps the process's CPU time over the run beside its certificate.</summary>
    private static Certificate Timed(Func<Certificate> run, Dictionary<Certificate, (double Cpu, double Wall)> cpu)
    {
        var before = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var cert = run();
        cpu[cert] = ((System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds, clock.Elapsed.TotalSeconds);
        return cert;
    }

    public static int Run(string[] args)
    {
        var solverName = Program.Arg(args, "--solver") ?? "cbc";
        var limit = double.Parse(Program.Arg(args, "--time-limit") ?? "60", CultureInfo.InvariantCulture);
        var output = Program.Arg(args, "--out") ?? "benchmarks/results/certify.md";
        var only = Program.Arg(args, "--only");
        var method = Program.Arg(args, "--method") ?? "both";
        var suite = Program.Arg(args, "--suite") ?? "certify";
        var repeat = int.Parse(Program.Arg(args, "--repeat") ?? "1", CultureInfo.InvariantCulture);
        var runOnly = Program.Arg(args, "--engines")?.Split(',', StringSplitOptions.TrimEntries);
        var history = args.Contains("--history");
        var portfolio = Split(Program.Arg(args, "--portfolio-split") ?? "adaptive", Program.Arg(args, "--head-start") ?? "0");
        var boundsMethods = (Program.Arg(args, "--bounds") ?? "interval,crown,lp").Split(',').Select(BoundsMethods.Parse).ToArray();
        var search = BranchAndBoundOptions.Default;
        if (Program.Arg(args, "--branching") is { } rule)
        {
            search = search with { Branching = BranchingRules.Parse(rule) };
        }

        if (Program.Arg(args, "--workers") is { } workers)
        {
            search = search with { Workers = int.Parse(workers, CultureInfo.InvariantCulture) };
        }

        if (Program.Arg(args, "--split-multipliers") is { } multipliers)
        {
            search = search with { SplitMultipliers = multipliers != "off" };
        }

        if (Program.Arg(args, "--input-split") is { } split)
        {
            search = search with { InputSplitDimension = int.Parse(split, CultureInfo.InvariantCulture) };
        }

        var root = Program.FindRoot();
        var shared = Path.GetFullPath(Path.Combine(root, "..", "shared", "models"));
        var solver = SolverRegistry.Create(solverName);
        var lpSolver = SolverRegistry.Create("glpk");
        var table = new StringBuilder();
        table.AppendLine($"MIP back end {solver.Name} {solver.Version}; branch and bound with {lpSolver.Name} LPs, {search.Workers} workers, branching {search.Branching.Name()}; time limit {limit} s per run, {Environment.ProcessorCount} cores, load average {Program.LoadAverage()} at the start, {DateTime.UtcNow:yyyy-MM-dd}.");
        table.AppendLine();
        table.AppendLine("| model | quantity | engine | value | lower | upper | status | stop | seconds | nodes | unstable |");
        table.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        var runs = new List<(string Case, string Engine, double Seconds, bool Exact, double Gap)>();
        var cases = suite switch
        {
            "lipbab" => LipBabSuite.Cases(root),
            "portfolio" => PortfolioSuite.Cases(root, shared),
            _ => Suite.Cases(shared),
        };
        foreach (var bench in cases)
        {
            if (only is not null && !(bench.Model + " " + bench.Description).Contains(only, StringComparison.Ordinal))
            {
                continue;
            }

            var polyhedral = bench.Quantity.InputNorm != Norm.L2 && (bench.Quantity.IsScalar || bench.Quantity.OutputNorm != Norm.L2);
            var engines = new List<(string Name, Func<Certificate> Run)>();
            if (method == "auto")
            {
                var options = new CertifyOptions(TimeLimit: TimeSpan.FromSeconds(limit));
                var request = new CertificationRequest(bench.Network, bench.Box, bench.Quantity, options);
                engines.Add(("auto", () => EngineChoice.Certify(new EngineSettings { Search = search, Portfolio = portfolio }, request)));
                if (Program.Arg(args, "--versus") is { } versus)
                {
                    // Another portfolio split beside the chosen one, e.g. "every-core:0.5" or "half:0".
                    var parts = versus.Split(':');
                    var other = Split(parts[0], parts.Length > 1 ? parts[1] : "0");
                    engines.Add(($"auto {versus}", () => EngineChoice.Certify(new EngineSettings { Search = search, Portfolio = other }, request)));
                }

                engines.Add(("bab", () => EngineChoice.Create(CertificationMethod.Bab, new EngineSettings { Search = search }).Certify(request)));
                if (polyhedral)
                {
                    engines.Add(("mip highs", () => EngineChoice.Create(CertificationMethod.Mip, new EngineSettings { Solver = "highs" }).Certify(request)));
                }
            }

            if (method is "mip" or "both" && polyhedral)
            {
                foreach (var bounds in boundsMethods)
                {
                    var options = new CertifyOptions(Bounds: bounds, TimeLimit: TimeSpan.FromSeconds(limit));
                    engines.Add(($"mip {bounds.Name()}", () => new Certifier(solver, options).Run(bench.Network, bench.Box, bench.Quantity, null, CancellationToken.None)));
                }
            }

            if (method is "bab" or "both")
            {
                // Branch and bound reads lp as crown (it tightens no bounds by LP), so lp adds no run.
                foreach (var bounds in boundsMethods.Where(b => b != BoundsMethod.Lp).DefaultIfEmpty(BoundsMethod.Crown))
                {
                    var options = new CertifyOptions(Bounds: bounds, TimeLimit: TimeSpan.FromSeconds(limit));
                    engines.Add(($"bab {bounds.Name()}", () => new BranchAndBoundCertifier(lpSolver, options, search).Run(bench.Network, bench.Box, bench.Quantity, null, CancellationToken.None)));
                }
            }

            // --repeat N: N rounds, each running every engine once (so a change of the machine's load
            // falls on all of them alike); per engine the run of median time is reported, its
            // seconds beside every run's.
            var chosen = engines.Where(e => runOnly is null || runOnly.Contains(e.Name)).ToArray();
            var cpu = new Dictionary<Certificate, (double Cpu, double Wall)>(ReferenceEqualityComparer.Instance);
            var rounds = Enumerable.Range(0, repeat).Select(_ => chosen.Select(e => Timed(e.Run, cpu)).ToArray()).ToArray();
            for (var e = 0; e < chosen.Length; e++)
            {
                var engine = chosen[e].Name;
                var certs = rounds.Select(r => r[e]).OrderBy(c => c.Seconds).ToArray();
                var cert = certs[certs.Length / 2];
                var all = repeat > 1 ? $" (runs: {string.Join(", ", certs.Select(c => c.Seconds.ToString("0.000", CultureInfo.InvariantCulture)))})" : string.Empty;
                var c = CultureInfo.InvariantCulture;
                var value = cert.Value is { } v ? v.ToString("G8", c) : "–";
                var closer = cert.EngineRuns.Count > 0 ? $" (closed by {cert.ClosedByEngine?.Name() ?? "–"}, upper {cert.UpperSource.Name()})" : string.Empty;
                var line = $"| {bench.Model} | {bench.Description} | {engine}{closer} | {value} | {cert.Lower.ToString("G8", c)} | {cert.Upper.ToString("G8", c)} | {cert.Status.Name()} | {cert.Stop.Name()} | {cert.Seconds.ToString("0.000", c)}{all} | {cert.Nodes} | {cert.UnstableNeurons} |";
                Console.WriteLine(line);
                if (history)
                {
                    // The process's CPU seconds over the run: how much of the two cores it got, whatever the load.
                    Console.WriteLine(string.Create(c, $"  cpu: {cpu[cert].Cpu:0.000} s of CPU in {cert.Seconds:0.000} s; wall {cpu[cert].Wall:0.000} s around the call, each run's: {string.Join(", ", certs.Select(r => cpu[r].Wall.ToString("0.000", c)))}"));
                    // The median run's bounds as they moved, each point tagged with its engine (auto: both lanes).
                    foreach (var h in cert.History)
                    {
                        Console.WriteLine(string.Create(c, $"  history: {h.Seconds:0.000} s {h.Engine?.Name() ?? engine} [{h.Lower:G6}, {h.Upper:G6}]"));
                    }
                }

                foreach (var note in cert.Notes)
                {
                    Console.WriteLine($"  note: {note}");
                }

                table.AppendLine(line);
                runs.Add((bench.Model + " " + bench.Description, engine, cert.Seconds, cert.Value is not null, (cert.Upper - cert.Lower) / Math.Max(cert.Upper, 1e-12)));
            }
        }

        table.AppendLine();
        table.Append(HardHalfSummary.Write(runs, limit));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        File.WriteAllText(output, table.ToString());
        Console.WriteLine($"Wrote {output}");
        return 0;
    }
}

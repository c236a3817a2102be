using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ExactLip.Batch.Jobs;
using ExactLip.Batch.Results;
using ExactLip.Batch.Running;
using ExactLip.Certify;
using ExactLip.Import.Json;
using ExactLip.Tests;

namespace ExactLip.BatchBenchmarks;

/// <summary>
/// Throughput of exactlip batch on many small jobs, and what the results database costs.
/// Usage: dotnet run -c Release --project benchmarks/ExactLip.BatchBenchmarks -- [--jobs 120]
/// [--rounds 3] [--out benchmarks/results/batch.md].
/// Each round runs the same jobs three ways in one process, alternating so that a change in
/// the machine's load hits all three alike: one by one without any database (the job runner
/// alone, as certify would run them), the batch runner with its database and --parallel 1, and
/// with --parallel 2. The database's overhead is (batch with --parallel 1) / (one by one) − 1.
/// Timings are measurements, never test assertions.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var count = int.Parse(Arg(args, "--jobs") ?? "120", CultureInfo.InvariantCulture);
        var rounds = int.Parse(Arg(args, "--rounds") ?? "3", CultureInfo.InvariantCulture);
        var output = Arg(args, "--out") ?? "benchmarks/results/batch.md";
        var folder = Directory.CreateTempSubdirectory("exactlip-batch-bench-").FullName;
        try
        {
            var file = JobFile.Read(WriteJobs(folder, count));
            var jobs = file.Lines.Select(l => JobParser.Parse(l, file.Directory, null)).ToArray();
            // The job runner of exactlip batch, with a short JSON result instead of certify's full record.
            var executor = new JobCertifier();

            // Warm-up: JIT, native libraries, the page cache.
            foreach (var job in jobs.Take(10))
            {
                executor.Run(job, new Progress<CertifyProgress>(), CancellationToken.None);
            }

            var alone = new List<double>();
            var one = new List<double>();
            var two = new List<double>();
            for (var r = 0; r < rounds; r++)
            {
                alone.Add(Time(() =>
                {
                    foreach (var job in jobs)
                    {
                        executor.Run(job, new Progress<CertifyProgress>(), CancellationToken.None);
                    }
                }));
                one.Add(Time(() => RunBatch(folder, file, jobs, executor, 1, r)));
                two.Add(Time(() => RunBatch(folder, file, jobs, executor, 2, r)));
                Console.WriteLine($"round {r + 1}: alone {alone[^1]:0.00} s, batch --parallel 1 {one[^1]:0.00} s, --parallel 2 {two[^1]:0.00} s");
            }

            var commit = CommitMilliseconds(folder, file, jobs, executor);
            var c = CultureInfo.InvariantCulture;
            var (a, p1, p2) = (Median(alone), Median(one), Median(two));
            var text = new StringBuilder();
            text.AppendLine($"{count} jobs (random ReLU networks 2-6-6-2, ‖J‖∞→∞ over an ℓ∞ ball, cbc and glpk alternating), median of {rounds} rounds, {Environment.ProcessorCount} cores, load average {LoadAverage()} at the end, {DateTime.UtcNow:yyyy-MM-dd}.");
            text.AppendLine();
            text.AppendLine("| run | seconds | jobs per second |");
            text.AppendLine("|---|---|---|");
            text.AppendLine($"| one by one, no database | {a.ToString("0.00", c)} | {(count / a).ToString("0.0", c)} |");
            text.AppendLine($"| batch, --parallel 1 | {p1.ToString("0.00", c)} | {(count / p1).ToString("0.0", c)} |");
            text.AppendLine($"| batch, --parallel 2 | {p2.ToString("0.00", c)} | {(count / p2).ToString("0.0", c)} |");
            text.AppendLine();
            // Per-round ratios cancel the load that changes from round to round; their median is the estimate.
            var ratios = alone.Zip(one, (x, y) => y / x - 1).ToList();
            text.AppendLine($"Database overhead, median over rounds of (batch --parallel 1) / (one by one) − 1: {(100 * Median(ratios)).ToString("0.0", c)} % (rounds: {string.Join(", ", ratios.Select(x => (100 * x).ToString("0.0", c) + " %"))}).");
            text.AppendLine($"One job's commit (row, result JSON, history; WAL, synchronous=FULL): {commit.ToString("0.00", c)} ms on average, {(100 * commit / 1000 / (a / count)).ToString("0.0", c)} % of a job's {(1000 * a / count).ToString("0", c)} ms; speed-up of --parallel 2: {(p1 / p2).ToString("0.00", c)}×.");
            Console.Write(text);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
            File.WriteAllText(output, text.ToString());
            Console.WriteLine($"Wrote {output}");
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void RunBatch(string folder, JobFile file, BatchJob[] jobs, JobCertifier executor, int parallel, int round)
    {
        var path = Path.Combine(folder, $"p{parallel}-r{round}.db");
        using var store = ResultsStore.Open(path, file.Path, file.Sha256, Shard.All.ToString(), resume: false);
        var summary = new BatchRunner(jobs, store, executor, parallel).Run(CancellationToken.None);
        if (summary.Completed != jobs.Length)
        {
            throw new InvalidOperationException($"Only {summary.Completed} of {jobs.Length} jobs completed ({summary.Failed} failed).");
        }
    }

    /// <summary>The average time of one job's transaction, measured by rewriting the rows of a finished batch.</summary>
    private static double CommitMilliseconds(string folder, JobFile file, BatchJob[] jobs, JobCertifier executor)
    {
        var records = ResultsReader.Read(Path.Combine(folder, "p1-r0.db"));
        using var store = ResultsStore.Open(Path.Combine(folder, "commits.db"), file.Path, file.Sha256, Shard.All.ToString(), resume: false);
        var clock = Stopwatch.StartNew();
        foreach (var record in records)
        {
            store.Write(record);
        }

        return clock.Elapsed.TotalMilliseconds / records.Count;
    }

    private static string WriteJobs(string folder, int count)
    {
        var rng = new Random(2026);
        var lines = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var name = $"net{i}.json";
            JsonNetworkFormat.Save(RandomNetworks.Mlp(rng, 2, [6, 6], 2), Path.Combine(folder, name));
            lines.Add(new JsonObject
            {
                ["model"] = name,
                ["center"] = new JsonArray(rng.NextDouble() - 0.5, rng.NextDouble() - 0.5),
                ["eps"] = 0.2 + rng.NextDouble(),
                ["solver"] = i % 2 == 0 ? "cbc" : "glpk",
            }.ToJsonString());
        }

        var path = Path.Combine(folder, "jobs.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    private static double Time(Action action)
    {
        var clock = Stopwatch.StartNew();
        action();
        return clock.Elapsed.TotalSeconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}

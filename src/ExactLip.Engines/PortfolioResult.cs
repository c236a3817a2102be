using System.Globalization;
using ExactLip.Certify;
using ExactLip.Core;

namespace ExactLip.Engines;

/// <summary>
/// The certificate of a portfolio race, from both engines' certificates and what they shared.
/// Implementation note: the lower bound is the best proven witness of either engine. The upper
/// bound is the proven one (branch and bound's, bound propagation's) whenever that alone meets
/// the lower bound, else the smaller of the proven one and the MIP solver's dual bound, and
/// <see cref="Certificate.UpperSource"/> says which. A solver's bound below the proven witness is
/// wrong and never used (docs/guarantees.md). Both engines' histories are kept, each point tagged
/// with its engine and on the race's clock.
/// </summary>
internal static class PortfolioResult
{
    /// <param name="moves">How an adaptive race moved the cores (<see cref="RaceAllocator.Moves"/>); null for a fixed split.</param>
    public static Certificate Combine(IReadOnlyList<PortfolioRace.Lane> lanes, BoundExchange exchange, CertificationRequest request, TimeSpan elapsed, IReadOnlyList<string>? moves = null)
    {
        var tolerance = request.Options.Tolerance;
        var finished = lanes.Where(l => l.Result is not null).ToArray();
        var results = finished.Select(l => l.Result!).ToArray();
        var notes = new List<string>();

        var witness = results.Select(r => r.Witness).Append(exchange.Witness).OfType<Witness>()
            .Where(w => w.X.Length > 0)
            .OrderByDescending(w => w.Value)
            .FirstOrDefault() ?? results[0].Witness;
        var lower = witness.Value;

        var proven = results.Where(r => r.UpperSource == UpperBoundSource.Proven).Select(r => r.Upper).Append(exchange.ProvenUpper).Min();
        var solver = results.Where(r => r.UpperSource == UpperBoundSource.MipSolver).Select(r => r.Upper).Append(exchange.SolverUpper).Min();
        if ((double.IsFinite(solver) && solver < lower) || exchange.SolverUpperRefuted)
        {
            notes.Add($"The MIP solver's bound lay below the value {lower:R} proven at a point, so it was not used.");
            solver = double.PositiveInfinity;
        }

        var useProven = Certificate.Agree(lower, Math.Max(proven, lower), tolerance) || proven <= solver;
        var upper = Math.Max(useProven ? proven : solver, lower);
        var status = Certificate.Agree(lower, upper, tolerance) ? CertificateStatus.Exact : CertificateStatus.Bounds;
        var stop = status == CertificateStatus.Exact
            ? StopReason.Optimal
            : RunLedger.Stop(
                request.CancellationToken.IsCancellationRequested,
                results.Any(r => r.Stop == StopReason.TimeLimit),
                failed: true);

        CertificationMethod? closedBy = status != CertificateStatus.Exact ? null
            : exchange.ClosedBy ?? (useProven ? CertificationMethod.Bab : CertificationMethod.Mip);
        notes.Add(Summary(lanes, closedBy));
        if (lanes.Count > 1)
        {
            // The MIP path's own thread's CPU time shows what the split gave it, whatever the machine's load.
            var mipCpu = lanes.FirstOrDefault(l => l.Engine.Method == CertificationMethod.Mip)?.Cpu is { } cpu
                ? string.Create(CultureInfo.InvariantCulture, $" The MIP path's thread ran {cpu.Ran.TotalSeconds:0.00} s and waited {cpu.Waited.TotalSeconds:0.00} s for a core.")
                : string.Empty;
            notes.Add((lanes.Any(l => l.Skipped)
                ? "Cores: the engine that started had them all; the other never started."
                : moves is null
                ? "Cores: a fixed split between the engines."
                : moves.Count == 0
                ? "Cores: branch and bound kept a worker per core beside the MIP path throughout."
                : $"Cores: branch and bound started with a worker per core beside the MIP path; then {string.Join("; ", moves)}.") + mipCpu);
        }

        foreach (var lane in lanes)
        {
            var name = lane.Engine.Method.Name();
            if (lane.Error is { } error)
            {
                notes.Add($"{name}: failed ({error.Message}); the other engine finished alone.");
            }

            if (lane.Skipped)
            {
                notes.Add($"{name}: not started: the other engine settled the run before it was due to start.");
            }

            if (lane.Detached)
            {
                notes.Add($"{name}: asked to stop when the other engine closed the gap, it had not returned {lane.Grace.TotalMilliseconds:0.#} ms later (its solver checks for a stop only at points of its search); the result was stated without waiting, with its last reported bounds, and it ends at its next check, at the lowest priority.");
            }

            notes.AddRange((lane.Result?.Notes ?? Array.Empty<string>()).Select(n => $"{name}: {n}"));
        }

        var babResult = Of(lanes, CertificationMethod.Bab);
        var mipResult = Of(lanes, CertificationMethod.Mip);
        var main = mipResult ?? babResult!;

        // "glpk+highs" when the engines ran on two back ends, "cbc" when both ran on CBC.
        var backends = lanes.SelectMany(l => l.Result is { } r ? new[] { (Solver: r.Solver, SolverVersion: r.SolverVersion) } : l.Detached ? new[] { (Solver: l.Engine.Backend.Name, SolverVersion: l.Engine.Backend.Version) } : [])
            .Distinct().ToArray();
        return new Certificate(
            request.Quantity.Describe(),
            status,
            stop,
            lower,
            upper,
            tolerance,
            witness,
            string.Join("+", backends.Select(b => b.Solver)),
            string.Join("+", backends.Select(b => b.SolverVersion)),
            main.BoundsMethod,
            elapsed.TotalSeconds,
            results.Sum(r => r.Nodes),
            babResult?.UnstableNeurons ?? main.UnstableNeurons,
            mipResult?.Binaries ?? 0,
            results.Min(r => r.BoundsUpper),
            finished.SelectMany(l => l.Result!.Subproblems.Select(s => s with { Engine = l.Engine.Method })).ToArray(),
            History(finished),
            notes,
            main.UnstableByBounds)
        {
            Engine = CertificationMethod.Auto,
            UpperSource = useProven ? UpperBoundSource.Proven : UpperBoundSource.MipSolver,
            ClosedBy = closedBy,
            EngineRuns = lanes.Where(l => l.Result is not null || l.Detached || l.Skipped).Select(Run).ToArray(),
        };

        EngineRun Run(PortfolioRace.Lane l) => l.Result is { } r
            ? new EngineRun(l.Engine.Method, r.Solver, r.Status, OwnStop(l, request), r.Lower, r.Upper, (l.Ended - l.Started).TotalSeconds, r.Nodes, l.Cancelled)
            : new EngineRun(l.Engine.Method, l.Engine.Backend.Name, CertificateStatus.Bounds, StopReason.Interrupted, l.Latest?.Lower ?? 0, l.Latest?.Upper ?? double.PositiveInfinity, Math.Max(0, (l.Ended - l.Started).TotalSeconds), l.Latest?.Nodes ?? 0, true) { Started = !l.Skipped };
    }

    /// <summary>
    /// How the engine itself ended: one that closed the gap stopped because its bounds met (the
    /// exchange's closure reaches it as a cancellation), so its stop is optimal, not interrupted.
    /// </summary>
    private static StopReason OwnStop(PortfolioRace.Lane lane, CertificationRequest request) =>
        lane.Result!.Stop == StopReason.Interrupted && lane.Closed && !lane.Cancelled && !request.CancellationToken.IsCancellationRequested
            ? StopReason.Optimal
            : lane.Result.Stop;

    private static Certificate? Of(IReadOnlyList<PortfolioRace.Lane> lanes, CertificationMethod method) =>
        lanes.FirstOrDefault(l => l.Engine.Method == method)?.Result;

    /// <summary>Both histories on the race's clock, each point tagged with its engine, in time order.</summary>
    private static BoundPoint[] History(IEnumerable<PortfolioRace.Lane> lanes) =>
        lanes.SelectMany(l => l.Result!.History.Select(h => h with { Seconds = h.Seconds + l.Started.TotalSeconds, Engine = l.Engine.Method }))
            .OrderBy(h => h.Seconds)
            .ToArray();

    private static string Summary(IReadOnlyList<PortfolioRace.Lane> lanes, CertificationMethod? closedBy)
    {
        // Each engine with its back end and, for the MIP, its threads (scripts read the count from here).
        string Lane(PortfolioRace.Lane l) => $"{l.Engine.Method.Name()} on {l.Engine.Backend.Name}{(l.Engine.Method == CertificationMethod.Mip ? $" with {l.Options.Threads} thread(s)" : string.Empty)}";
        var closed = closedBy is { } by ? $"; {by.Name()} closed the gap" : "; the gap did not close";
        var started = lanes.Where(l => !l.Skipped).Select(l => $"{Lane(l)} ({Outcome(l)}, {(l.Ended - l.Started).TotalSeconds:0.00} s)").ToArray();
        var skipped = lanes.Where(l => l.Skipped).Select(Lane).ToArray();
        return skipped.Length > 0
            ? $"Portfolio: {string.Join(" and ", started)} settled the run before {string.Join(" and ", skipped)} was due to start{closed}."
            : $"Portfolio: {string.Join(" and ", started)} ran at the same time, sharing witnesses and upper bounds{closed}.";
    }

    private static string Outcome(PortfolioRace.Lane lane) => lane.Result is { } r
        ? $"{r.Status.Name()}{(lane.Cancelled ? ", stopped when the other closed the gap" : string.Empty)}"
        : lane.Detached ? "bounds, still stopping when the other closed the gap" : lane.Skipped ? "not started" : "failed";
}

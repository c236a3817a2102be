using System.Diagnostics;
using ExactLip.Certify;

namespace ExactLip.Engines;

/// <summary>
/// The progress of a portfolio race: each engine's latest report, and the combined bounds (the
/// best lower bound of either, the best upper bound the exchange holds), sent on to the caller
/// with both engines' standings (<see cref="CertifyProgress.Engines"/>), so a display can show
/// which one is ahead. Reports arrive from both engines' threads.
/// </summary>
internal sealed class PortfolioProgress
{
    private readonly IProgress<CertifyProgress> _sink;
    private readonly BoundExchange _exchange;
    private readonly Stopwatch _clock;
    private readonly object _gate = new();
    private readonly Dictionary<CertificationMethod, CertifyProgress> _latest = new();

    public PortfolioProgress(IProgress<CertifyProgress> sink, BoundExchange exchange, Stopwatch clock)
    {
        _sink = sink;
        _exchange = exchange;
        _clock = clock;
    }

    /// <summary>The sink one engine reports to.</summary>
    public IProgress<CertifyProgress> For(CertificationMethod engine) => new EngineSink(this, engine);

    private void Report(CertificationMethod engine, CertifyProgress value)
    {
        CertifyProgress combined;
        lock (_gate)
        {
            _latest[engine] = value;
            var standings = _latest.OrderBy(kv => kv.Key == CertificationMethod.Bab ? 0 : 1).Select(kv => new EngineStanding(kv.Key, kv.Value)).ToArray();
            var lower = Math.Max(standings.Max(s => s.Progress.Lower), _exchange.Witness?.Value ?? 0);

            // Branch and bound's upper bound is proven; the MIP's shows through the exchange, which
            // drops a solver's bound a proven point refuted.
            var upper = Math.Min(_exchange.ProvenUpper, _exchange.SolverUpper);
            foreach (var s in standings.Where(s => s.Engine == CertificationMethod.Bab))
            {
                upper = Math.Min(upper, s.Progress.Upper);
            }

            if (!double.IsFinite(upper))
            {
                upper = standings.Min(s => s.Progress.Upper);
            }

            // The earlier phase of the two until both have ended: a display changes phase once.
            var phase = standings.Length < 2 ? RunPhase.Search : standings.Min(s => s.Progress.Phase);
            var ahead = standings.OrderBy(s => s.Progress.Gap ?? double.PositiveInfinity).First().Progress;
            combined = new CertifyProgress(phase, ahead.Subproblem, ahead.Subproblems, _clock.Elapsed, standings.Sum(s => s.Progress.Nodes), lower, Math.Max(upper, lower), null)
            {
                Engines = standings,
            };
        }

        _sink.Report(combined);
    }

    private sealed class EngineSink : IProgress<CertifyProgress>
    {
        private readonly PortfolioProgress _owner;
        private readonly CertificationMethod _engine;

        public EngineSink(PortfolioProgress owner, CertificationMethod engine)
        {
            _owner = owner;
            _engine = engine;
        }

        public void Report(CertifyProgress value) => _owner.Report(_engine, value);
    }
}

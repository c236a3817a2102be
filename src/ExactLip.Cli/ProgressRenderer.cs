using System.Diagnostics;
using System.Globalization;
using ExactLip.Certify;

namespace ExactLip.Cli;

/// <summary>
/// Progress when standard error is a file or a pipe: plain lines, at most every few seconds and
/// at each phase change, so the logs of long jobs stay readable (on a terminal,
/// <see cref="LiveProgress"/> draws a bar instead). Reports may arrive on any thread.
/// </summary>
public sealed class ProgressRenderer : IProgress<CertifyProgress>, IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private readonly TextWriter _writer;
    private readonly object _gate = new();
    private readonly Stopwatch _sinceLast = Stopwatch.StartNew();
    private RunPhase? _lastPhase;
    private bool _finished;

    public ProgressRenderer(TextWriter writer)
    {
        _writer = writer;
    }

    public void Report(CertifyProgress value)
    {
        lock (_gate)
        {
            if (_finished || (value.Phase == _lastPhase && _sinceLast.Elapsed < Interval))
            {
                return;
            }

            _writer.WriteLine(Format(value));
            _writer.Flush();
            _sinceLast.Restart();
            _lastPhase = value.Phase;
        }
    }

    public static string Format(CertifyProgress p)
    {
        var c = CultureInfo.InvariantCulture;
        var gap = p.Gap is { } g ? (100 * g).ToString("0.###", c) + "%" : "-";
        var upper = double.IsFinite(p.Upper) ? p.Upper.ToString("G8", c) : "inf";
        var incumbent = p.Incumbent is { } inc ? " incumbent " + inc.ToString("G8", c) : string.Empty;
        if (p.Engines is { } engines)
        {
            return $"[auto] {p.Elapsed.TotalSeconds.ToString("0.0", c)}s lower {p.Lower.ToString("G8", c)} upper {upper} gap {gap} | {Standings(engines, "G8")} | ahead: {p.Ahead?.Name()}";
        }

        return $"[{p.Phase.Name()} {p.Subproblem}/{p.Subproblems}] {p.Elapsed.TotalSeconds.ToString("0.0", c)}s nodes {p.Nodes} lower {p.Lower.ToString("G8", c)} upper {upper} gap {gap}{incumbent}";
    }

    /// <summary>Each engine of a portfolio: its name, its phase (<see cref="PhaseBeside"/>), its own upper bound and gap, its nodes.</summary>
    public static string Standings(IEnumerable<EngineStanding> engines, string format)
    {
        var c = CultureInfo.InvariantCulture;
        return string.Join(" | ", engines.Select(e =>
        {
            var p = e.Progress;
            var upper = double.IsFinite(p.Upper) ? p.Upper.ToString(format, c) : "inf";
            var gap = p.Gap is { } g ? (100 * g).ToString("0.###", c) + "%" : "-";
            return $"{e.Engine.Name()} {PhaseBeside(e)} upper {upper} gap {gap} nodes {p.Nodes}";
        }));
    }

    /// <summary>
    /// An engine's phase beside its name: each engine's main phase is spelled like the engine
    /// ("mip", "bab"), which would print the name twice ("mip mip"), so there it reads "solving".
    /// </summary>
    public static string PhaseBeside(EngineStanding standing)
    {
        ArgumentNullException.ThrowIfNull(standing);
        var phase = standing.Progress.Phase.Name();
        return phase == standing.Engine.Name() ? "solving" : phase;
    }

    /// <summary>No further lines after the result.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _finished = true;
        }
    }
}

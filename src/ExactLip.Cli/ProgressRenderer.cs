using System.Diagnostics;
using System.Globalization;
using ExactLip.Certify;

namespace ExactLip.Cli;

/// <summary>
/// Shows a run's progress: one live line rewritten in place on a terminal, or plain lines at
/// most every few seconds (and at each phase change) when the output is a file or a pipe, so
/// logs of long jobs stay readable. Reports may arrive on any thread.
/// </summary>
public sealed class ProgressRenderer : IProgress<CertifyProgress>, IDisposable
{
    private static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);
    private readonly TextWriter _writer;
    private readonly bool _live;
    private readonly object _gate = new();
    private readonly Stopwatch _sinceLast = Stopwatch.StartNew();
    private string _lastPhase = string.Empty;
    private int _lastLength;
    private bool _finished;

    public ProgressRenderer(TextWriter writer, bool? live = null)
    {
        _writer = writer;
        _live = live ?? (!Console.IsErrorRedirected && Environment.GetEnvironmentVariable("TERM") != "dumb");
    }

    public void Report(CertifyProgress value)
    {
        lock (_gate)
        {
            if (_finished)
            {
                return;
            }

            var line = Format(value);
            if (_live)
            {
                var padded = line.Length < _lastLength ? line.PadRight(_lastLength) : line;
                _writer.Write("\r" + padded);
                _writer.Flush();
                _lastLength = line.Length;
            }
            else if (value.Phase != _lastPhase || _sinceLast.Elapsed >= PlainInterval)
            {
                _writer.WriteLine(line);
                _writer.Flush();
                _sinceLast.Restart();
            }

            _lastPhase = value.Phase;
        }
    }

    public static string Format(CertifyProgress p)
    {
        var c = CultureInfo.InvariantCulture;
        var gap = p.Gap is { } g ? (100 * g).ToString("0.###", c) + "%" : "-";
        var upper = double.IsFinite(p.Upper) ? p.Upper.ToString("G8", c) : "inf";
        var incumbent = p.Incumbent is { } inc ? " incumbent " + inc.ToString("G8", c) : string.Empty;
        return $"[{p.Phase} {p.Subproblem}/{p.Subproblems}] {p.Elapsed.TotalSeconds.ToString("0.0", c)}s nodes {p.Nodes} lower {p.Lower.ToString("G8", c)} upper {upper} gap {gap}{incumbent}";
    }

    /// <summary>Ends the live line so the result starts on a fresh one.</summary>
    public void Finish()
    {
        lock (_gate)
        {
            if (_live && _lastLength > 0 && !_finished)
            {
                _writer.WriteLine();
            }

            _finished = true;
        }
    }

    public void Dispose() => Finish();
}

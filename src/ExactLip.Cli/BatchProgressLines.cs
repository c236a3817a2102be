using System.Globalization;
using ExactLip.Batch.Results;
using ExactLip.Batch.Running;
using ExactLip.Certify;

namespace ExactLip.Cli;

/// <summary>
/// Batch progress when standard error is a file or a pipe (a cluster log): one line per
/// finished job, and every <see cref="Interval"/> one line with the running jobs and their gaps.
/// Lines start with the counts, "[done 3/120 running 2 left 115]", so a log can be grepped.
/// </summary>
public sealed class BatchProgressLines : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private readonly TextWriter _writer;
    private readonly Func<BatchSnapshot> _snapshot;
    private readonly Timer _timer;
    private readonly object _gate = new();
    private bool _disposed;

    public BatchProgressLines(TextWriter writer, Func<BatchSnapshot> snapshot)
    {
        _writer = writer;
        _snapshot = snapshot;
        _timer = new Timer(_ => WriteRunning(), null, Interval, Interval);
    }

    /// <summary>The line for a job that just ended.</summary>
    public void JobFinished(JobRecord record)
    {
        var c = CultureInfo.InvariantCulture;
        var what = record.Status == JobRecord.Failed
            ? $"failed: {record.Error}"
            : $"{record.Status} ({record.Stop}) lower {Number(record.Lower)} upper {Number(record.Upper)} in {record.Seconds.ToString("0.00", c)} s";
        Write($"{Counts(_snapshot())} job {record.Id} (line {record.Line.ToString(c)}) {what}");
    }

    public static string Counts(BatchSnapshot s)
    {
        var c = CultureInfo.InvariantCulture;
        var earlier = s.RecordedEarlier > 0 ? $" recorded-earlier {s.RecordedEarlier.ToString(c)}" : string.Empty;
        return $"[done {(s.RecordedEarlier + s.Done).ToString(c)}/{s.Total.ToString(c)} running {s.Running.Count.ToString(c)} left {s.Left.ToString(c)}{earlier}]";
    }

    public static string Gap(RunningJob job) =>
        job.Progress?.Gap is { } g ? (100 * g).ToString("0.###", CultureInfo.InvariantCulture) + "%" : "-";

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        _timer.Dispose();
    }

    private void WriteRunning()
    {
        var s = _snapshot();
        if (s.Running.Count > 0)
        {
            Write($"{Counts(s)} running: {string.Join(", ", s.Running.Select(r => $"job {r.Id} {r.Progress?.Phase.Name() ?? "start"} gap {Gap(r)}"))}");
        }
    }

    private void Write(string line)
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _writer.WriteLine(line);
                _writer.Flush();
            }
        }
    }

    private static string Number(double? v) => v is { } x ? x.ToString("G8", CultureInfo.InvariantCulture) : "inf";
}

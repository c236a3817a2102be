namespace ExactLip.Cli;

/// <summary>
/// Turns the first Ctrl-C (SIGINT) or SIGTERM into a cancellation, so the run stops its search
/// and still prints and writes the bounds found so far; a second Ctrl-C ends the process. A
/// command of several stages (compare: the exact run, then the estimators) moves to the next
/// with <see cref="NextStage"/>: a Ctrl-C that stopped one stage does not stop the next.
/// </summary>
public sealed class InterruptHandler : IDisposable
{
    private const string DefaultMessage = "Interrupted: stopping the search and reporting the bounds found so far (Ctrl-C again to quit at once).";

    private readonly object _gate = new();
    private readonly List<CancellationTokenSource> _stopped = new();
    private readonly System.Runtime.InteropServices.PosixSignalRegistration _term;
    private CancellationTokenSource _source = new();
    private string _message;

    /// <param name="message">What the first Ctrl-C prints (null: that the search stops and its bounds are reported).</param>
    public InterruptHandler(string? message = null)
    {
        _message = message ?? DefaultMessage;
        Console.CancelKeyPress += OnCancel;
        _term = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM,
            context =>
            {
                context.Cancel = true;
                Current.Cancel();
            });
    }

    /// <summary>The current stage's token.</summary>
    public CancellationToken Token => Current.Token;

    private CancellationTokenSource Current
    {
        get
        {
            lock (_gate)
            {
                return _source;
            }
        }
    }

    /// <summary>
    /// Starts the next stage: when the current one was interrupted, a fresh token (so the next
    /// stage runs), with <paramref name="message"/> for its Ctrl-C. Returns the new stage's token.
    /// </summary>
    public CancellationToken NextStage(string? message = null)
    {
        lock (_gate)
        {
            _message = message ?? DefaultMessage;
            if (_source.IsCancellationRequested)
            {
                _stopped.Add(_source);
                _source = new CancellationTokenSource();
            }

            return _source.Token;
        }
    }

    private void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        var source = Current;
        if (source.IsCancellationRequested)
        {
            return;
        }

        e.Cancel = true;
        Console.Error.WriteLine();
        Console.Error.WriteLine(_message);
        source.Cancel();
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancel;
        _term.Dispose();
        lock (_gate)
        {
            _source.Dispose();
            foreach (var s in _stopped)
            {
                s.Dispose();
            }
        }
    }
}

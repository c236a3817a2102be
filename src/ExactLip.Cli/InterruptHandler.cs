namespace ExactLip.Cli;

/// <summary>
/// Turns the first Ctrl-C (SIGINT) or SIGTERM into a cancellation, so the run stops its search
/// and still prints and writes the bounds found so far; a second Ctrl-C ends the process.
/// </summary>
public sealed class InterruptHandler : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly System.Runtime.InteropServices.PosixSignalRegistration _term;

    public InterruptHandler()
    {
        Console.CancelKeyPress += OnCancel;
        _term = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM,
            context =>
            {
                context.Cancel = true;
                _source.Cancel();
            });
    }

    public CancellationToken Token => _source.Token;

    private void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        if (_source.IsCancellationRequested)
        {
            return;
        }

        e.Cancel = true;
        Console.Error.WriteLine();
        Console.Error.WriteLine("Interrupted: stopping the search and reporting the bounds found so far (Ctrl-C again to quit at once).");
        _source.Cancel();
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancel;
        _term.Dispose();
        _source.Dispose();
    }
}

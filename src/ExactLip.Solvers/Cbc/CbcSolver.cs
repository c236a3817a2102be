using System.Diagnostics;
using System.Runtime.InteropServices;
using ExactLip.Mip;
using ExactLip.Mip.Solving;

namespace ExactLip.Solvers.Cbc;

/// <summary>
/// <see cref="IMipSolver"/> over CBC's C interface (COIN-OR CBC 2.10, EPL-2.0).
/// Implementation note: CBC's C API offers neither a progress callback nor an interrupt. A
/// registered message callback receives only the pre-search messages and swallows the
/// branch-and-bound log, and Cbc_solve installs no SIGINT handler. So progress is read from
/// CBC's own log: file descriptor 1 is redirected into a pipe while Cbc_solve runs (see
/// StdoutCapture), and a parser turns the status lines into bounds. Because fd 1 belongs to the
/// whole process, CBC solves are serialised by one process-wide gate. Cancellation cannot stop
/// the native search: Solve runs Cbc_solve on a dedicated thread and, when the token fires,
/// returns at once with status Interrupted and the bounds parsed so far (no solution vector).
/// The abandoned search keeps the gate, the redirected stdout and a CPU until it ends on its
/// own, that is at the time limit, which is why callers that may cancel should always give
/// one; without a limit it runs to optimality, and a later CBC solve waits for it.
/// </summary>
public sealed class CbcSolver : IMipSolver
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public string Name => "cbc";

    public string Version => Marshal.PtrToStringUTF8(CbcNative.Cbc_getVersion()) ?? "unknown";

    /// <summary>False: see CbcProblemLoader (a start made CBC return a point that is not its optimum).</summary>
    public bool UsesStart => false;

    public SolveOutcome Solve(MipModel model, SolveOptions options, IProgress<SolveProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        ModelChecks.Validate(model, options);
        var clock = Stopwatch.StartNew();
        var run = new CbcRun(model, options, progress, clock);
        try
        {
            Gate.Wait(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return run.Interrupted();
        }

        var thread = new Thread(() => run.Execute(Gate)) { IsBackground = true, Name = "cbc-solve" };
        thread.Start();
        WaitHandle.WaitAny(new[] { run.Done.WaitHandle, cancellationToken.WaitHandle });
        return run.Done.IsSet ? run.Result() : run.Interrupted();
    }
}

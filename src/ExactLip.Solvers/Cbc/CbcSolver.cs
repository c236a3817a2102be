using System.Diagnostics;
using System.Runtime.InteropServices;
using ExactLip.Core.Threading;
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

    // Through the slack columns every pure LP gets (see the implementation note).
    public bool ReportsRowDuals => true;

    /// <summary>CBC is given the cutoff (Cbc_setCutoff), so its "infeasible" may mean "nothing reaches it".</summary>
    public bool AppliesCutoff => true;

    /// <summary>How long past its time limit a CBC solve may run before it is abandoned.</summary>
    private static readonly TimeSpan OverrunGrace = TimeSpan.FromSeconds(2);

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
            return run.Interrupted(SolveStatus.Interrupted);
        }

        // The solve's thread works for the caller's engine: a race that lowers that engine's priority lowers this thread's too.
        var thread = new Thread(() =>
        {
            using var member = ThreadGroup.Enlist();
            run.Execute(Gate);
        })
        { IsBackground = true, Name = "cbc-solve" };
        thread.Start();

        // CBC checks its own limit only between phases (a large root LP or cut loop can run far
        // past it), so past the limit plus a grace period the solve ends here, like a cancellation.
        var wait = options.TimeLimit is { } limit ? TimeSpan.FromTicks(Math.Max(0, (limit - clock.Elapsed + OverrunGrace).Ticks)) : Timeout.InfiniteTimeSpan;
        var signalled = WaitHandle.WaitAny(new[] { run.Done.WaitHandle, cancellationToken.WaitHandle }, wait);
        if (run.Done.IsSet)
        {
            return run.Result();
        }

        return signalled == WaitHandle.WaitTimeout ? run.Interrupted(SolveStatus.TimeLimit) : run.Interrupted(SolveStatus.Interrupted);
    }
}

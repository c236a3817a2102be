using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ExactLip.Core.Threading;
using static ExactLip.Solvers.Highs.HighsConstants;

namespace ExactLip.Solvers.Highs;

/// <summary>
/// The state HiGHS's callback works on, reached through a GCHandle passed as user data.
/// Implementation note: HiGHS calls back on the thread that called Highs_run (its MIP search is
/// driven from that thread), with the MIP interrupt callback at every limit check, which is
/// frequent enough for both progress and cancellation; the improving-solution callback marks new
/// incumbents. Bounds are read by field name (Highs_getCallbackDataOutItem) and come in the
/// model's maximisation sense with the objective offset included. Stopping is done the way HiGHS
/// asks: set user_interrupt, the first int of HighsCallbackDataIn in every release since 1.7. No
/// exception may cross into HiGHS, so a failure is kept and the search is interrupted.
/// </summary>
internal sealed unsafe class HighsSearch
{
    private readonly CancellationToken _token;
    private readonly StartTracker _start;

    public HighsSearch(ProgressRecorder recorder, StartTracker start, CancellationToken token)
    {
        Recorder = recorder;
        _start = start;
        _token = token;
    }

    public ProgressRecorder Recorder { get; }

    public SearchBounds Bounds { get; } = new();

    public bool Cancelled { get; private set; }

    public Exception? Error { get; private set; }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    public static void Callback(int type, IntPtr message, IntPtr dataOut, IntPtr dataIn, IntPtr userData)
    {
        HighsSearch? search = null;
        try
        {
            search = (HighsSearch)GCHandle.FromIntPtr(userData).Target!;
            if (search.OnCall(type, dataOut) && dataIn != IntPtr.Zero)
            {
                *(int*)dataIn = 1;
            }
        }
        catch (Exception e)
        {
            if (search is not null)
            {
                search.Error ??= e;
            }

            if (dataIn != IntPtr.Zero && IsInterruptible(type))
            {
                *(int*)dataIn = 1;
            }
        }
    }

    /// <summary>Handles one call; returns true when the solver should stop.</summary>
    private bool OnCall(int type, IntPtr dataOut)
    {
        // A race may hold the MIP path to a share of a core: its checks are where it waits.
        ThreadGroup.Pace(_token);
        if (type is kHighsCallbackMipInterrupt or kHighsCallbackMipImprovingSolution or kHighsCallbackMipLogging)
        {
            Observe(type, dataOut);
        }

        if (Error is null && !_token.IsCancellationRequested)
        {
            return false;
        }

        Cancelled = _token.IsCancellationRequested;
        return IsInterruptible(type);
    }

    private static bool IsInterruptible(int type) =>
        type is kHighsCallbackSimplexInterrupt or kHighsCallbackIpmInterrupt or kHighsCallbackMipInterrupt;

    private void Observe(int type, IntPtr dataOut)
    {
        // HiGHS reports ±inf (or ±kHighsInf) while a bound is missing.
        var improved = Bounds.Observe(
            Read<long>(dataOut, kHighsCallbackDataOutMipNodeCountName),
            Read<double>(dataOut, kHighsCallbackDataOutMipPrimalBoundName),
            Read<double>(dataOut, kHighsCallbackDataOutMipDualBoundName),
            1e300);
        var source = improved ? _start.SourceOf(Bounds.Primal!.Value) : type == kHighsCallbackMipImprovingSolution ? "incumbent" : "nodes";
        Recorder.Record(Bounds.Nodes, Bounds.Primal, Bounds.ReportedDual, source, force: improved);
    }

    private static T? Read<T>(IntPtr dataOut, string name)
        where T : unmanaged
    {
        if (dataOut == IntPtr.Zero)
        {
            return null;
        }

        var item = HighsNative.Highs_getCallbackDataOutItem(dataOut, name);
        return item == IntPtr.Zero ? null : *(T*)item;
    }
}

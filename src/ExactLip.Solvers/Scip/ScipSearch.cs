using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static ExactLip.Solvers.Scip.ScipConstants;

namespace ExactLip.Solvers.Scip;

/// <summary>
/// The event handler that reports SCIP's progress, with its state reached through a GCHandle
/// passed as the handler's data.
/// Implementation note: events can only be caught once the problem is transformed, so the
/// handler's init callback catches new incumbents, solved nodes and node LPs, and its exit
/// callback drops them. SCIP calls back on the thread running SCIPsolve. Each call reads the
/// bounds (maximisation sense, offset included) and node count, and calls SCIPinterruptSolve when
/// the token is cancelled, SCIP's own way to stop with both bounds kept. No exception may cross
/// into SCIP: a failure is kept, the solve interrupted, and SCIP_OKAY returned.
/// </summary>
internal sealed unsafe class ScipSearch
{
    private readonly ScipAbi _abi;
    private readonly double _infinity;
    private readonly StartTracker _start;
    private readonly CancellationToken _token;
    private int _filterPosition = -1;

    public ScipSearch(ScipAbi abi, double infinity, ProgressRecorder recorder, StartTracker start, CancellationToken token)
    {
        _abi = abi;
        _infinity = infinity;
        Recorder = recorder;
        _start = start;
        _token = token;
    }

    public ProgressRecorder Recorder { get; }

    public SearchBounds Bounds { get; } = new();

    public bool Cancelled { get; private set; }

    public Exception? Error { get; private set; }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    public static int Init(IntPtr scip, IntPtr eventhdlr)
    {
        try
        {
            var search = From(eventhdlr);
            int position;
            if (ScipNative.SCIPcatchEvent(scip, search._abi.ProgressEvents, eventhdlr, IntPtr.Zero, &position) == SCIP_OKAY)
            {
                search._filterPosition = position;
            }
        }
        catch (Exception e)
        {
            Keep(eventhdlr, e);
        }

        return SCIP_OKAY;
    }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    public static int Exit(IntPtr scip, IntPtr eventhdlr)
    {
        try
        {
            var search = From(eventhdlr);
            if (search._filterPosition >= 0)
            {
                ScipNative.SCIPdropEvent(scip, search._abi.ProgressEvents, eventhdlr, IntPtr.Zero, search._filterPosition);
                search._filterPosition = -1;
            }
        }
        catch (Exception e)
        {
            Keep(eventhdlr, e);
        }

        return SCIP_OKAY;
    }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    public static int Execute(IntPtr scip, IntPtr eventhdlr, IntPtr @event, IntPtr eventdata)
    {
        try
        {
            From(eventhdlr).OnEvent(scip, @event);
        }
        catch (Exception e)
        {
            Keep(eventhdlr, e);
            ScipNative.SCIPinterruptSolve(scip);
        }

        return SCIP_OKAY;
    }

    private static ScipSearch From(IntPtr eventhdlr) =>
        (ScipSearch)GCHandle.FromIntPtr(ScipNative.SCIPeventhdlrGetData(eventhdlr)).Target!;

    private static void Keep(IntPtr eventhdlr, Exception e)
    {
        try
        {
            var search = From(eventhdlr);
            search.Error ??= e;
        }
        catch (Exception)
        {
            // Nothing more can be done inside a native callback.
        }
    }

    private void OnEvent(IntPtr scip, IntPtr @event)
    {
        var type = ScipNative.SCIPeventGetType(@event);
        var improved = Bounds.Observe(ScipNative.SCIPgetNTotalNodes(scip), ScipNative.SCIPgetPrimalbound(scip), ScipNative.SCIPgetDualbound(scip), _infinity);
        var source = improved ? _start.SourceOf(Bounds.Primal!.Value) : (type & _abi.SCIP_EVENTTYPE_BESTSOLFOUND) != 0 ? "incumbent" : "nodes";
        Recorder.Record(Bounds.Nodes, Bounds.Primal, Bounds.ReportedDual, source, force: improved);
        if (_token.IsCancellationRequested)
        {
            Cancelled = true;
            ScipNative.SCIPinterruptSolve(scip);
        }
    }
}

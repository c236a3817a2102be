using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ExactLip.Mip;
using static ExactLip.Solvers.Glpk.GlpkConstants;

namespace ExactLip.Solvers.Glpk;

/// <summary>
/// The state glp_intopt's callback works on, reached through a GCHandle in cb_info.
/// Implementation note: GLPK calls back on the thread that called glp_intopt, so no locking is
/// needed; the callback must never let an exception escape into GLPK, so any failure is kept
/// and the search is terminated. The dual bound is the bound of the best active node, which is
/// a valid upper bound at every call; the smallest one seen is kept, so a stop keeps the
/// tightest proven bound. The incumbent is read from the tree's problem object, which GLPK
/// updates before the GLP_IBINGO call.
/// </summary>
internal sealed unsafe class GlpkSearch
{
    private readonly double _offset;
    private readonly int _columns;
    private readonly double[]? _start;
    private readonly CancellationToken _token;
    private bool _startTried;

    public GlpkSearch(MipModel model, bool offerStart, ProgressRecorder recorder, CancellationToken token)
    {
        _offset = model.ObjectiveOffset;
        _columns = model.Variables.Count;
        _token = token;
        Recorder = recorder;
        if (offerStart && ModelChecks.HasUsableStart(model))
        {
            // GLPK arrays are 1-based; integer columns get exact integers.
            _start = new double[_columns + 1];
            for (var j = 0; j < _columns; j++)
            {
                var v = model.Variables[j];
                var x = Math.Clamp(model.Start![j], v.Lower, v.Upper);
                _start[j + 1] = v.IsInteger ? Math.Round(x) : x;
            }
        }
    }

    public ProgressRecorder Recorder { get; }

    public double? Primal { get; private set; }

    public double? Dual { get; private set; }

    public long Nodes { get; private set; }

    public bool Cancelled { get; private set; }

    /// <summary>Null until the start was offered; then whether GLPK accepted it.</summary>
    public bool? StartAccepted { get; private set; }

    public Exception? Error { get; private set; }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    public static void Callback(IntPtr tree, IntPtr info)
    {
        GlpkSearch? search = null;
        try
        {
            search = (GlpkSearch)GCHandle.FromIntPtr(info).Target!;
            search.OnCall(tree);
        }
        catch (Exception e)
        {
            if (search is not null)
            {
                search.Error = e;
            }

            GlpkNative.glp_ios_terminate(tree);
        }
    }

    private void OnCall(IntPtr tree)
    {
        if (_token.IsCancellationRequested)
        {
            Cancelled = true;
            GlpkNative.glp_ios_terminate(tree);
            return;
        }

        var reason = GlpkNative.glp_ios_reason(tree);
        if (reason == GLP_IHEUR && _start is not null && !_startTried)
        {
            _startTried = true;
            OfferStart(tree);
        }

        Observe(tree);
        Recorder.Record(Nodes, Primal, Dual, reason == GLP_IBINGO ? "incumbent" : "nodes", force: reason == GLP_IBINGO);
        if (_token.IsCancellationRequested)
        {
            // The progress sink itself may have cancelled.
            Cancelled = true;
            GlpkNative.glp_ios_terminate(tree);
        }
    }

    private void OfferStart(IntPtr tree)
    {
        // glp_ios_heur_sol reads one value per column of the tree's problem; with the MIP
        // presolver on those are not the model's columns, so the start is offered only when
        // the counts agree (the solver turns presolve off when it has a start).
        var problem = GlpkNative.glp_ios_get_prob(tree);
        if (GlpkNative.glp_get_num_cols_raw(problem) != _columns)
        {
            StartAccepted = false;
            return;
        }

        fixed (double* x = _start)
        {
            StartAccepted = GlpkNative.glp_ios_heur_sol(tree, x) == 0;
        }

        if (StartAccepted == true)
        {
            Observe(tree);
            Recorder.Record(Nodes, Primal, Dual, "start", force: true);
        }
    }

    private void Observe(IntPtr tree)
    {
        int active, current, total;
        GlpkNative.glp_ios_tree_size(tree, &active, &current, &total);
        Nodes = Math.Max(Nodes, total);
        var best = GlpkNative.glp_ios_best_node(tree);
        if (best != 0)
        {
            var bound = GlpkNative.glp_ios_node_bound(tree, best);
            if (Math.Abs(bound) < 1e300)
            {
                var dual = bound + _offset;
                Dual = Dual is { } old ? Math.Min(old, dual) : dual;
            }
        }

        var problem = GlpkNative.glp_ios_get_prob(tree);
        var status = GlpkNative.glp_mip_status_raw(problem);
        if (status is GLP_FEAS or GLP_OPT)
        {
            var primal = GlpkNative.glp_mip_obj_val_raw(problem) + _offset;
            Primal = Primal is { } old ? Math.Max(old, primal) : primal;
        }
    }
}

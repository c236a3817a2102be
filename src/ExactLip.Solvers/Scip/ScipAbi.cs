namespace ExactLip.Solvers.Scip;

/// <summary>
/// The SCIP enum values that differ by major release, one table per supported release.
/// Implementation note: SCIP 10 renumbered SCIP_STATUS (OPTIMAL went from 11 to 1, TIMELIMIT
/// from 5 to 23) and shifted the node, LP and solution event bits by one place; a binding with one
/// set of numbers would misread every status of the other release. The table is chosen from
/// SCIPmajorVersion() when the library is loaded. Both tables are pinned by tests to the values
/// of scip/type_stat.h and scip/type_event.h of SCIP 9.2.4 and 10.0.0.
/// </summary>
internal sealed record ScipAbi(
    int Major,
    int SCIP_STATUS_UNKNOWN,
    int SCIP_STATUS_USERINTERRUPT,
    int SCIP_STATUS_TIMELIMIT,
    int SCIP_STATUS_GAPLIMIT,
    int SCIP_STATUS_OPTIMAL,
    int SCIP_STATUS_INFEASIBLE,
    int SCIP_STATUS_UNBOUNDED,
    int SCIP_STATUS_INFORUNBD,
    int SCIP_STATUS_TERMINATE,
    ulong SCIP_EVENTTYPE_NODEFEASIBLE,
    ulong SCIP_EVENTTYPE_NODEINFEASIBLE,
    ulong SCIP_EVENTTYPE_NODEBRANCHED,
    ulong SCIP_EVENTTYPE_FIRSTLPSOLVED,
    ulong SCIP_EVENTTYPE_LPSOLVED,
    ulong SCIP_EVENTTYPE_BESTSOLFOUND)
{
    /// <summary>SCIP 9.x (scip/type_stat.h and scip/type_event.h of 9.2.4).</summary>
    public static ScipAbi Scip9 { get; } = new(
        Major: 9,
        SCIP_STATUS_UNKNOWN: 0,
        SCIP_STATUS_USERINTERRUPT: 1,
        SCIP_STATUS_TIMELIMIT: 5,
        SCIP_STATUS_GAPLIMIT: 7,
        SCIP_STATUS_OPTIMAL: 11,
        SCIP_STATUS_INFEASIBLE: 12,
        SCIP_STATUS_UNBOUNDED: 13,
        SCIP_STATUS_INFORUNBD: 14,
        SCIP_STATUS_TERMINATE: 15,
        SCIP_EVENTTYPE_NODEFEASIBLE: 0x000080000,
        SCIP_EVENTTYPE_NODEINFEASIBLE: 0x000100000,
        SCIP_EVENTTYPE_NODEBRANCHED: 0x000200000,
        SCIP_EVENTTYPE_FIRSTLPSOLVED: 0x000800000,
        SCIP_EVENTTYPE_LPSOLVED: 0x001000000,
        SCIP_EVENTTYPE_BESTSOLFOUND: 0x004000000);

    /// <summary>SCIP 10.x (the same headers of 10.0.0).</summary>
    public static ScipAbi Scip10 { get; } = new(
        Major: 10,
        SCIP_STATUS_UNKNOWN: 0,
        SCIP_STATUS_USERINTERRUPT: 10,
        SCIP_STATUS_TIMELIMIT: 23,
        SCIP_STATUS_GAPLIMIT: 25,
        SCIP_STATUS_OPTIMAL: 1,
        SCIP_STATUS_INFEASIBLE: 2,
        SCIP_STATUS_UNBOUNDED: 3,
        SCIP_STATUS_INFORUNBD: 4,
        SCIP_STATUS_TERMINATE: 11,
        SCIP_EVENTTYPE_NODEFEASIBLE: 0x0000100000,
        SCIP_EVENTTYPE_NODEINFEASIBLE: 0x0000200000,
        SCIP_EVENTTYPE_NODEBRANCHED: 0x0000400000,
        SCIP_EVENTTYPE_FIRSTLPSOLVED: 0x0002000000,
        SCIP_EVENTTYPE_LPSOLVED: 0x0004000000,
        SCIP_EVENTTYPE_BESTSOLFOUND: 0x0010000000);

    /// <summary>The table for a major release, or null when this binding does not know it.</summary>
    public static ScipAbi? For(int major) => major switch
    {
        9 => Scip9,
        10 => Scip10,
        _ => null,
    };

    /// <summary>SCIP_EVENTTYPE_NODESOLVED: feasible, infeasible or branched.</summary>
    public ulong SCIP_EVENTTYPE_NODESOLVED => SCIP_EVENTTYPE_NODEFEASIBLE | SCIP_EVENTTYPE_NODEINFEASIBLE | SCIP_EVENTTYPE_NODEBRANCHED;

    /// <summary>What the progress handler listens to: new incumbents, solved nodes and node LPs.</summary>
    public ulong ProgressEvents => SCIP_EVENTTYPE_BESTSOLFOUND | SCIP_EVENTTYPE_NODESOLVED | SCIP_EVENTTYPE_FIRSTLPSOLVED | SCIP_EVENTTYPE_LPSOLVED;
}

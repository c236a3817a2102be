namespace ExactLip.Solvers.Cbc;

/// <summary>
/// The values of Cbc_status and Cbc_secondaryStatus that the binding reads, as Cbc_C_Interface.h
/// of CBC 2.10 documents them (the same in 2.10.8 and 2.10.12); pinned by a test.
/// </summary>
internal static class CbcConstants
{
    /// <summary>Cbc_status before branch and bound ran (a pure LP stays here).</summary>
    public const int CbcStatusNotStarted = -1;

    /// <summary>Cbc_status: the search finished (optimal, infeasible or within the gap).</summary>
    public const int CbcStatusFinished = 0;

    /// <summary>Cbc_status: stopped on a limit (time, nodes, solutions).</summary>
    public const int CbcStatusStoppedOnLimit = 1;

    /// <summary>Cbc_status: abandoned because of numerical difficulties.</summary>
    public const int CbcStatusAbandoned = 2;

    /// <summary>Cbc_status: stopped by a user event (a callback or a signal).</summary>
    public const int CbcStatusUserStopped = 5;

    /// <summary>Cbc_secondaryStatus: the linear relaxation is unbounded.</summary>
    public const int CbcSecondaryRelaxationUnbounded = 7;
}

using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Mip.Solving;
using ExactLip.Solvers;

namespace ExactLip.Engines;

/// <summary>
/// Which back end does which part of a run: region LPs need row duals (they prove a region
/// empty), LP work wants a back end that re-solves warm, and branch and bound solves LPs only.
/// </summary>
public static class BackendRouting
{
    /// <summary>
    /// GLPK where it loads: branch and bound solves many small region LPs, GLPK was measured
    /// fastest on them (docs/branch-and-bound.md), and every worker may run one at once (the
    /// others are serialised). Else the best LP back end there is.
    /// </summary>
    public static IMipSolver BranchAndBoundLpBackend() =>
        SolverRegistry.List().Any(s => s.Name == "glpk" && s.IsAvailable) ? SolverRegistry.Create("glpk") : LpBackend(SolverRegistry.Create("auto"));

    /// <summary>
    /// The back end of region LPs (is a pattern's region empty?): the chosen one when it reports
    /// row duals, from which emptiness is proven; else the LP back end (GLPK), so that a back end
    /// without duals (SCIP) does not leave every exclusion unproven.
    /// </summary>
    public static IMipSolver RegionLpBackend(IMipSolver backend)
    {
        if (backend.ReportsRowDuals)
        {
            return backend;
        }

        var lp = LpBackend(backend);
        return lp.ReportsRowDuals ? lp : backend;
    }

    /// <summary>
    /// The back end of LP work (bound tightening, feasibility LPs): one that keeps an LP loaded
    /// and re-solves it warm (GLPK, HiGHS) when the chosen one cannot, else the chosen one.
    /// </summary>
    public static IMipSolver LpBackend(IMipSolver backend)
    {
        if (backend is ILpSessionFactory)
        {
            return backend;
        }

        try
        {
            return SolverRegistry.Create("glpk");
        }
        catch (SolverUnavailableException)
        {
            return backend;
        }
    }

    /// <summary>The certificate, saying so when its region LPs ran on another back end than the one chosen.</summary>
    public static Certificate WithRoutingNote(Certificate certificate, IMipSolver chosen, IMipSolver regionLps) =>
        ReferenceEquals(chosen, regionLps) ? certificate : certificate with
        {
            Notes = certificate.Notes.Append($"{chosen.Name} reports no LP row duals, which prove a region empty, so region LPs go to {regionLps.Name}.").ToArray(),
        };
}

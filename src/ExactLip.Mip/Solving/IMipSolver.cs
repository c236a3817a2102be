namespace ExactLip.Mip.Solving;

/// <summary>
/// A MIP back end. Implementations are thin bindings to a solver's own API; they see only a
/// <see cref="MipModel"/>. A time limit or an interruption is an outcome, not an exception;
/// exceptions are for a broken environment (missing library, solver crash).
/// </summary>
public interface IMipSolver
{
    /// <summary>The name users type after --solver, e.g. "cbc".</summary>
    string Name { get; }

    /// <summary>The solver library's own version string.</summary>
    string Version { get; }

    /// <summary>Whether the back end passes a model's starting solution to the solver.</summary>
    bool UsesStart { get; }

    /// <summary>
    /// Whether an optimal pure LP's outcome carries its row duals (<see cref="SolveOutcome.RowDuals"/>).
    /// A region LP proves a region empty only through them, so callers route those LPs to a back
    /// end that has them.
    /// </summary>
    bool ReportsRowDuals { get; }

    /// <summary>
    /// Whether the back end applies <see cref="SolveOptions.Cutoff"/>, so that "infeasible" may
    /// mean "nothing reaches the cutoff". For a back end that ignores it, an infeasible answer on a
    /// model known to be feasible is an error, never a bound.
    /// </summary>
    bool AppliesCutoff => false;

    /// <summary>
    /// Solves the model (always a maximisation). Progress events may arrive on any thread;
    /// cancelling the token stops the search and still returns the bounds found so far.
    /// </summary>
    SolveOutcome Solve(MipModel model, SolveOptions options, IProgress<SolveProgress>? progress, CancellationToken cancellationToken);
}

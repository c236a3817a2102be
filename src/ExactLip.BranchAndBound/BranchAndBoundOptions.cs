using ExactLip.BranchAndBound.Checkpoints;

namespace ExactLip.BranchAndBound;

/// <summary>Settings of the branch-and-bound engine beyond the common <see cref="Certify.CertifyOptions"/>.</summary>
/// <param name="Workers">Sub-domains processed in parallel (threads).</param>
/// <param name="Branching">Which neuron to split.</param>
/// <param name="InputSplitDimension">Inputs up to this many are split as well as neurons (0: never).</param>
/// <param name="SerialLp">
/// Run the feasibility LPs one at a time: needed for back ends that are not safe to call from
/// two threads at once (CBC captures the process's standard output); GLPK keeps its state per
/// thread and may run in parallel.
/// </param>
public sealed record BranchAndBoundOptions(
    int Workers = 2,
    BranchingRule Branching = BranchingRule.LayerOrder,
    int InputSplitDimension = 2,
    bool SerialLp = false)
{
    /// <summary>Where the run saves its state and what it resumes (null: no checkpoint); set per run.</summary>
    public SearchCheckpoint? Checkpoint { get; init; }

    /// <summary>
    /// Ends the search, as an interruption does, once this many sub-domains wait open (null: never):
    /// how `split --by patterns` gets a frontier to deal out however fast or slow the machine is.
    /// </summary>
    public int? StopWhenOpen { get; init; }

    /// <summary>
    /// The multiply-adds a sub-domain's derivative-vertex bound may cost (null: as
    /// <see cref="DerivativeVertexBound.BudgetFor"/> sets it for the network; 0: never).
    /// </summary>
    public long? VertexBudget { get; init; }

    /// <summary>
    /// Bound sub-domains split in the first ReLU layer with the multipliers of their split
    /// constraints (<see cref="SplitConstraintBounds"/>; up to its input limit).
    /// </summary>
    public bool SplitMultipliers { get; init; } = true;

    /// <summary>
    /// Told of every sub-domain bounded after the root (its path of <see cref="SplitStep"/>s and
    /// its bounds), as the search bounds it: how the tests hold a resumed run's bounds against
    /// those of the run it continues. Null: nobody is told.
    /// </summary>
    internal Action<int[], DomainBounds>? Bounded { get; init; }

    public static BranchAndBoundOptions Default { get; } = new(Workers: Math.Max(1, Environment.ProcessorCount));
}

namespace ExactLip.Engines;

/// <summary>
/// How the portfolio shares the cores between its two engines (<see cref="PortfolioEngine.Create"/>).
/// </summary>
/// <param name="BranchAndBoundOnEveryCore">
/// Branch and bound gets a worker per core and the MIP its threads beside them (more threads than
/// cores); false: branch and bound the larger half of the cores, the MIP the rest.
/// </param>
/// <param name="HeadStart">
/// Branch and bound runs alone this long first; the MIP path starts only if the gap is still open
/// then. Zero: both start at once.
/// </param>
public sealed record PortfolioSplit(bool BranchAndBoundOnEveryCore, TimeSpan HeadStart)
{
    /// <summary>The default (docs/certify.md; measured in docs/benchmarks.md, "Portfolio").</summary>
    public static PortfolioSplit Default { get; } = new(false, TimeSpan.Zero);
}

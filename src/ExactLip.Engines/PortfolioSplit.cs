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
/// <param name="Adaptive">
/// The cores move between the engines while they race (<see cref="RaceAllocationPolicy"/>):
/// branch and bound has a worker per core, admitted or held back as the evidence goes, and the
/// MIP path's priority may be lowered. It needs per-thread priorities (Linux); elsewhere the race
/// keeps the fixed split named by the other parameters.
/// </param>
public sealed record PortfolioSplit(bool BranchAndBoundOnEveryCore, TimeSpan HeadStart, bool Adaptive = false)
{
    /// <summary>The default (docs/certify.md; measured in docs/benchmarks.md, "Portfolio"): adaptive, else the even split without a head start.</summary>
    public static PortfolioSplit Default { get; } = new(false, TimeSpan.Zero, Adaptive: true);
}

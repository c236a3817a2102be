namespace ExactLip.Mip.Solving;

/// <summary>
/// A back end that can keep one LP loaded between solves of related LPs: a caller that solves
/// many LPs sharing most of their rows (branch and bound's region LPs) pays for the rows that
/// changed and re-optimises from the last basis, instead of loading and solving from scratch.
/// </summary>
public interface IWarmLpFactory
{
    /// <summary>An LP kept loaded between solves; use and dispose it on the thread that opened it.</summary>
    IWarmLp OpenWarmLp();
}

/// <summary>
/// A solver of pure LPs that keeps the last one loaded. Each <see cref="IMipSolver.Solve"/> takes
/// a whole model and answers for exactly that model, as a fresh solve would; rows and variables
/// are matched to the loaded ones by name, so a model whose names repeat is solved from scratch.
/// Not thread-safe.
/// </summary>
public interface IWarmLp : IMipSolver, IDisposable
{
}

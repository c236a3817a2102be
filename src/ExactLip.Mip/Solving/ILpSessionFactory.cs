namespace ExactLip.Mip.Solving;

/// <summary>
/// A back end that can keep one LP loaded and re-optimise it for many objectives, each warm-started
/// from the last basis: bound tightening solves hundreds of LPs over the same constraints, and
/// loading a fresh problem for each costs more than the simplex itself.
/// </summary>
public interface ILpSessionFactory
{
    /// <summary>Loads the constraints and bounds of <paramref name="model"/> (integrality ignored).</summary>
    ILpSession OpenLp(MipModel model);
}

/// <summary>One loaded LP. Not thread-safe; use it on the thread that opened it.</summary>
public interface ILpSession : IDisposable
{
    /// <summary>max of sign·x_column over the LP, or null when it was not solved to optimality.</summary>
    double? Maximize(int column, double sign, TimeSpan? timeLimit);
}

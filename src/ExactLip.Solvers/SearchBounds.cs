namespace ExactLip.Solvers;

/// <summary>
/// What a back end's search callback has seen so far: the best primal bound (largest), the best
/// dual bound (smallest) and the node count, each kept monotone whatever order the solver's
/// reports arrive in. Shared by the HiGHS and SCIP callbacks, which read all three at each call.
/// </summary>
internal sealed class SearchBounds
{
    public double? Primal { get; private set; }

    public double? Dual { get; private set; }

    public long Nodes { get; private set; }

    /// <summary>The dual bound as reported: never below the primal bound (a solver's rounding can put it there).</summary>
    public double? ReportedDual => Dual is { } u && Primal is { } l ? Math.Max(u, l) : Dual;

    /// <summary>
    /// Takes the solver's current values; a value whose magnitude reaches <paramref name="infinity"/>
    /// (the solver's "none yet") is ignored.
    /// </summary>
    /// <returns>True when the primal bound improved.</returns>
    public bool Observe(long? nodes, double? primal, double? dual, double infinity)
    {
        if (nodes is { } n)
        {
            Nodes = Math.Max(Nodes, n);
        }

        var improved = false;
        if (primal is { } p && Math.Abs(p) < infinity && (Primal is not { } oldPrimal || p > oldPrimal))
        {
            Primal = p;
            improved = true;
        }

        if (dual is { } d && Math.Abs(d) < infinity)
        {
            Dual = Dual is { } oldDual ? Math.Min(oldDual, d) : d;
        }

        return improved;
    }
}

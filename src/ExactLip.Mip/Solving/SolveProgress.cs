namespace ExactLip.Mip.Solving;

/// <summary>
/// A snapshot of a running search: the best objective of a feasible solution (primal) and the
/// proven bound on the optimum (dual), both in the model's maximisation sense.
/// </summary>
/// <param name="Rounded">
/// True when the bounds were read from the solver's printed log (CBC prints 6 significant
/// digits): good for showing progress, never for tightening a certified bound.
/// </param>
public sealed record SolveProgress(TimeSpan Elapsed, long Nodes, double? Primal, double? Dual, string Source = "", bool Rounded = false)
{
    /// <summary>(dual − primal)/max(|primal|, tiny), or null while either bound is missing.</summary>
    public double? Gap => RelativeGap(Primal, Dual);

    public static double? RelativeGap(double? primal, double? dual)
    {
        if (primal is not { } p || dual is not { } d || !double.IsFinite(p) || !double.IsFinite(d))
        {
            return null;
        }

        return Math.Max(0, d - p) / Math.Max(Math.Abs(p), 1e-10);
    }
}

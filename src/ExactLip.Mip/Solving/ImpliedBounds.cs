namespace ExactLip.Mip.Solving;

/// <summary>
/// Finite boxes for the variables an LP leaves free but its rows define, so that
/// <see cref="LagrangianBound"/> can be evaluated over them: one pass of interval propagation
/// over the rows in model order, in float64 rounded outwards.
/// Implementation note: each row tightens only its last column (the highest index), from the
/// boxes of its other columns: lower ≤ a·v + Σ aₖvₖ ≤ upper gives
/// a·v ∈ [lower − max Σ, upper − min Σ]. In a model built layer by layer that column is the
/// variable the row defines from earlier ones (z = W·h + b), or the later side of a comparison
/// (z ≥ δ), so one pass carries finite bounds from the input box to the last layer. Every point
/// of the starting box that satisfies the rows lies in the result, whatever the row order:
/// the order only decides how tight the result is.
/// </summary>
public static class ImpliedBounds
{
    /// <returns>
    /// The tightened box (lower, upper), or null when the propagation proves that no point of the
    /// starting box satisfies every row (some variable's interval became empty).
    /// </returns>
    public static (double[] Lower, double[] Upper)? Propagate(MipModel model, IReadOnlyList<double> lower, IReadOnlyList<double> upper)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(lower);
        ArgumentNullException.ThrowIfNull(upper);
        var n = model.Variables.Count;
        if (lower.Count != n || upper.Count != n)
        {
            throw new ArgumentException("The starting box must have one interval per variable.");
        }

        var lo = lower.ToArray();
        var hi = upper.ToArray();
        foreach (var row in model.Rows)
        {
            if (row.Columns.Length == 0)
            {
                continue;
            }

            var last = 0;
            for (var k = 1; k < row.Columns.Length; k++)
            {
                if (row.Columns[k] > row.Columns[last])
                {
                    last = k;
                }
            }

            // The range [restLow, restHigh] of Σ aₖvₖ over the other columns' boxes.
            double restLow = 0, restHigh = 0;
            for (var k = 0; k < row.Columns.Length; k++)
            {
                if (k == last)
                {
                    continue;
                }

                var (productLow, productHigh) = Product(row.Coefficients[k], lo[row.Columns[k]], hi[row.Columns[k]]);
                restLow = Down(restLow + productLow);
                restHigh = Up(restHigh + productHigh);
            }

            var termLow = Down(row.Lower - restHigh);
            var termHigh = Up(row.Upper - restLow);
            var a = row.Coefficients[last];
            var (low, high) = a > 0
                ? (Down(termLow / a), Up(termHigh / a))
                : (Down(termHigh / a), Up(termLow / a));
            var j = row.Columns[last];
            if (!double.IsNaN(low))
            {
                lo[j] = Math.Max(lo[j], low);
            }

            if (!double.IsNaN(high))
            {
                hi[j] = Math.Min(hi[j], high);
            }

            if (lo[j] > hi[j])
            {
                return null;
            }
        }

        return (lo, hi);
    }

    /// <summary>The range of a·v over v in [low, high], rounded outwards (a ≠ 0).</summary>
    private static (double Low, double High) Product(double a, double low, double high)
    {
        var p = a * low;
        var q = a * high;
        return (Down(Math.Min(p, q)), Up(Math.Max(p, q)));
    }

    /// <summary>
    /// A float64 result rounded to nearest lies within half a step of the exact value, so the next
    /// float below (above) is a lower (upper) bound on it; infinities and NaN stay as they are.
    /// </summary>
    private static double Down(double value) => double.IsFinite(value) ? Math.BitDecrement(value) : value;

    private static double Up(double value) => double.IsFinite(value) ? Math.BitIncrement(value) : value;
}

namespace ExactLip.Mip.Solving;

/// <summary>
/// A bound on an LP's maximum that does not trust the solver: weak Lagrangian duality evaluated
/// in float64 with outward rounding (Neumaier and Shcherbina, "Safe bounds in linear and
/// mixed-integer programming", 2004).
/// Implementation note: for any multipliers y with the signs of <see cref="SolveOutcome.RowDuals"/>,
/// every point v of the box that satisfies the rows has cᵀv ≤ cᵀv − Σ yᵢ·(aᵢᵀv − sideᵢ), because
/// each subtracted term is ≤ 0 there (yᵢ ≥ 0 against the upper side, ≤ 0 against the lower one).
/// The right side is maximised over the box term by term: Σ yᵢ·sideᵢ + Σⱼ max over [lⱼ, uⱼ] of
/// dⱼ·vⱼ with dⱼ = cⱼ − Σᵢ yᵢ·aᵢⱼ. Multipliers of the wrong sign, or against an infinite side,
/// are replaced by 0, which keeps the inequality; so the bound holds for any numbers the solver
/// returns, and it is tight (the LP optimum) when they are its optimal duals. The box may be
/// smaller than the LP's own bounds (e.g. finite bounds a free variable is known to respect on
/// the points that matter): the bound then holds for the points of that box.
/// </summary>
public static class LagrangianBound
{
    /// <summary>Unit roundoff of float64.</summary>
    private const double Unit = 1.0 / (1L << 53);

    /// <returns>
    /// An upper bound on the model's objective (offset included) over every v with
    /// lower ≤ v ≤ upper that satisfies all rows; +∞ when the box is unbounded in a direction
    /// the multipliers leave unpriced, or the multipliers do not match the rows.
    /// </returns>
    public static double UpperBound(MipModel model, IReadOnlyList<double> rowDuals, IReadOnlyList<double> lower, IReadOnlyList<double> upper)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(rowDuals);
        ArgumentNullException.ThrowIfNull(lower);
        ArgumentNullException.ThrowIfNull(upper);
        var n = model.Variables.Count;
        if (rowDuals.Count != model.Rows.Count || lower.Count != n || upper.Count != n)
        {
            return double.PositiveInfinity;
        }

        // d = c − Aᵀy, with Σ|terms| and the number of terms of each entry for its error bound.
        var reduced = new double[n];
        var magnitude = new double[n];
        var terms = new int[n];
        for (var j = 0; j < n; j++)
        {
            reduced[j] = model.Variables[j].Objective;
            magnitude[j] = Math.Abs(reduced[j]);
        }

        var total = new SafeSum();
        total.Add(model.ObjectiveOffset);
        for (var i = 0; i < model.Rows.Count; i++)
        {
            var row = model.Rows[i];
            var y = Multiplier(rowDuals[i], row);
            if (y == 0)
            {
                continue;
            }

            total.Add(y * (y > 0 ? row.Upper : row.Lower));
            for (var k = 0; k < row.Columns.Length; k++)
            {
                var j = row.Columns[k];
                var product = y * row.Coefficients[k];
                reduced[j] -= product;
                magnitude[j] += Math.Abs(product);
                terms[j]++;
            }
        }

        for (var j = 0; j < n; j++)
        {
            // The computed dⱼ is within γ·Σ|terms| of the exact one: take the worst of that interval.
            var error = Gamma(terms[j] + 2) * magnitude[j];
            var best = MaxProduct(reduced[j] - error, reduced[j] + error, lower[j], upper[j]);
            if (double.IsNaN(best) || double.IsPositiveInfinity(best))
            {
                return double.PositiveInfinity;
            }

            total.Add(best);
        }

        return total.Upper();
    }

    /// <summary>The row's multiplier with a sign the inequality allows, else 0.</summary>
    internal static double Multiplier(double y, MipRow row)
    {
        if (!double.IsFinite(y))
        {
            return 0;
        }

        if (y > 0 && double.IsFinite(row.Upper))
        {
            return y;
        }

        return y < 0 && double.IsFinite(row.Lower) ? y : 0;
    }

    /// <summary>max of d·v over d in [dLow, dHigh] and v in [low, high], rounded up; +∞ when unbounded.</summary>
    private static double MaxProduct(double dLow, double dHigh, double low, double high)
    {
        if (low > high || double.IsNaN(low) || double.IsNaN(high))
        {
            return double.NaN;
        }

        if ((double.IsNegativeInfinity(low) && dLow < 0) || (double.IsPositiveInfinity(high) && dHigh > 0))
        {
            return double.PositiveInfinity;
        }

        var best = double.NegativeInfinity;
        foreach (var d in new[] { dLow, dHigh })
        {
            foreach (var v in new[] { low, high })
            {
                // An infinite side met by a zero slope contributes nothing.
                var product = double.IsInfinity(v) ? 0 : d * v;
                best = Math.Max(best, product);
            }
        }

        // One rounding of a product: relative error at most the unit roundoff (plus underflow).
        return best + (Math.Abs(best) * Unit) + double.Epsilon;
    }

    /// <summary>γₖ = k·u/(1 − k·u), the relative error bound of k floating-point operations in a row.</summary>
    private static double Gamma(int k) => k * Unit / (1 - (k * Unit));

    /// <summary>A running sum with the error bound of recursive summation.</summary>
    private struct SafeSum
    {
        private double _sum;
        private double _magnitude;
        private int _count;

        public void Add(double value)
        {
            _sum += value;
            _magnitude += Math.Abs(value);
            _count++;
        }

        public readonly double Upper() => Math.BitIncrement(_sum + (Gamma(_count + 2) * _magnitude * 2));
    }
}

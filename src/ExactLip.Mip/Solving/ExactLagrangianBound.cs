namespace ExactLip.Mip.Solving;

/// <summary>
/// The bound of <see cref="LagrangianBound"/> evaluated exactly: the model's data, the
/// multipliers and the box are float64 numbers (or, repaired, exact rationals:
/// <see cref="RepairedDualBound"/>), and the bound is built from them by sums and products only,
/// so in rational arithmetic it has no rounding error at all.
/// Implementation note: this decides what float64 cannot — whether an LP's maximum is ≤ 0 when it
/// is exactly 0 (two mirrored ReLU hyperplanes leave a region of measure zero: max δ = 0, and the
/// rounded bound is a few ulps above it). It costs a big-integer operation per nonzero, so it is
/// the second test, after the rounded one has failed.
/// </summary>
public static class ExactLagrangianBound
{
    /// <returns>
    /// True when the exact bound on the model's objective over every v with lower ≤ v ≤ upper
    /// satisfying the rows, for these multipliers, is ≤ <paramref name="limit"/>. False when it is
    /// above, infinite, or the multipliers do not match the rows.
    /// </returns>
    public static bool AtMost(MipModel model, IReadOnlyList<double> rowDuals, IReadOnlyList<double> lower, IReadOnlyList<double> upper, double limit)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(rowDuals);
        if (rowDuals.Count != model.Rows.Count)
        {
            return false;
        }

        var multipliers = new List<(int Row, Rational Y)>();
        for (var i = 0; i < model.Rows.Count; i++)
        {
            if (LagrangianBound.Multiplier(rowDuals[i], model.Rows[i]) is var y && y != 0)
            {
                multipliers.Add((i, Rational.From(y)));
            }
        }

        return AtMost(model, multipliers, lower, upper, limit);
    }

    /// <summary>The same for exact multipliers of the listed rows (the others 0).</summary>
    internal static bool AtMost(MipModel model, IReadOnlyList<(int Row, Rational Y)> multipliers, IReadOnlyList<double> lower, IReadOnlyList<double> upper, double limit)
    {
        ArgumentNullException.ThrowIfNull(lower);
        ArgumentNullException.ThrowIfNull(upper);
        var n = model.Variables.Count;
        if (lower.Count != n || upper.Count != n || !double.IsFinite(limit) || !double.IsFinite(model.ObjectiveOffset))
        {
            return false;
        }

        // d = c − Aᵀy exactly.
        var reduced = new Rational[n];
        for (var j = 0; j < n; j++)
        {
            reduced[j] = Rational.From(model.Variables[j].Objective);
        }

        var total = Rational.From(model.ObjectiveOffset) - Rational.From(limit);
        foreach (var (i, y) in multipliers)
        {
            if (y.IsZero)
            {
                continue;
            }

            // A multiplier must price a finite side in its direction, as in weak duality.
            var row = model.Rows[i];
            var side = y.Sign > 0 ? row.Upper : row.Lower;
            if (!double.IsFinite(side))
            {
                return false;
            }

            total += y * Rational.From(side);
            for (var k = 0; k < row.Columns.Length; k++)
            {
                reduced[row.Columns[k]] -= y * Rational.From(row.Coefficients[k]);
            }
        }

        for (var j = 0; j < n; j++)
        {
            // max of dⱼ·vⱼ over [lowerⱼ, upperⱼ]: at the upper end for dⱼ ≥ 0, the lower end otherwise.
            var d = reduced[j];
            if (d.IsZero)
            {
                continue;
            }

            var end = d.Sign > 0 ? upper[j] : lower[j];
            if (!double.IsFinite(end) || lower[j] > upper[j])
            {
                return false;
            }

            total += d * Rational.From(end);
        }

        return total.Sign <= 0;
    }
}

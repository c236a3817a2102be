namespace ExactLip.Mip.Solving;

/// <summary>
/// The bound of <see cref="LagrangianBound"/> with the solver's duals repaired into exact rational
/// ones. An LP whose maximum is exactly 0 at a degenerate vertex (three ReLU hyperplanes through
/// one point, no two proportional: "all three active" holds only there) has optimal duals such as
/// ⅓ that are not float64 numbers; with the rounded ones the bound is a few ulps above 0 and
/// proves nothing. The exact optimal duals on the same support make the reduced cost of every
/// variable strictly inside its box exactly 0 — a small linear system, solved here in rationals —
/// and the bound with them is then evaluated exactly.
/// Implementation note: the support is the set of rows whose float dual is not negligible; the
/// equations are those of the variables whose float reduced cost is negligible (the basic and free
/// ones); any exact solution with the duals' signs gives a valid bound, whatever the solver did,
/// so a wrong support or a system with no solution only fails to prove. Large systems are not
/// tried (the third and costliest test, after the rounded and the exact one with the solver's duals).
/// </summary>
public static class RepairedDualBound
{
    private const int MaxSupport = 64;
    private const int MaxEquations = 512;

    /// <returns>True when repaired duals prove the model's maximum over the box is ≤ <paramref name="limit"/>.</returns>
    public static bool AtMost(MipModel model, IReadOnlyList<double> rowDuals, IReadOnlyList<double> lower, IReadOnlyList<double> upper, double limit)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(rowDuals);
        ArgumentNullException.ThrowIfNull(lower);
        ArgumentNullException.ThrowIfNull(upper);
        var n = model.Variables.Count;
        if (rowDuals.Count != model.Rows.Count || lower.Count != n || upper.Count != n || !double.IsFinite(limit) || !double.IsFinite(model.ObjectiveOffset))
        {
            return false;
        }

        var support = Support(model, rowDuals);
        if (support.Count == 0 || support.Count > MaxSupport)
        {
            return false;
        }

        var equations = ZeroReducedCosts(model, rowDuals, support, lower, upper);
        if (equations is null || equations.Count > MaxEquations || Solve(model, rowDuals, support, equations) is not { } duals)
        {
            return false;
        }

        return ExactLagrangianBound.AtMost(model, support.Select((row, u) => (row, duals[u])).ToArray(), lower, upper, limit);
    }

    /// <summary>The rows whose multiplier (with an allowed sign) is not negligible.</summary>
    private static List<int> Support(MipModel model, IReadOnlyList<double> rowDuals)
    {
        double largest = 0;
        for (var i = 0; i < rowDuals.Count; i++)
        {
            largest = Math.Max(largest, Math.Abs(LagrangianBound.Multiplier(rowDuals[i], model.Rows[i])));
        }

        var support = new List<int>();
        for (var i = 0; i < rowDuals.Count; i++)
        {
            if (Math.Abs(LagrangianBound.Multiplier(rowDuals[i], model.Rows[i])) > 1e-9 * largest)
            {
                support.Add(i);
            }
        }

        return support;
    }

    /// <summary>
    /// The variables whose float reduced cost is negligible (they must have exactly 0), or null
    /// when one with a non-negligible reduced cost has no finite end to price it at.
    /// </summary>
    private static List<int>? ZeroReducedCosts(MipModel model, IReadOnlyList<double> rowDuals, List<int> support, IReadOnlyList<double> lower, IReadOnlyList<double> upper)
    {
        var n = model.Variables.Count;
        var reduced = new double[n];
        var magnitude = new double[n];
        for (var j = 0; j < n; j++)
        {
            reduced[j] = model.Variables[j].Objective;
            magnitude[j] = Math.Abs(reduced[j]);
        }

        foreach (var i in support)
        {
            var row = model.Rows[i];
            for (var k = 0; k < row.Columns.Length; k++)
            {
                var product = rowDuals[i] * row.Coefficients[k];
                reduced[row.Columns[k]] -= product;
                magnitude[row.Columns[k]] += Math.Abs(product);
            }
        }

        var zero = new List<int>();
        for (var j = 0; j < n; j++)
        {
            if (Math.Abs(reduced[j]) <= 1e-7 * magnitude[j])
            {
                if (magnitude[j] > 0)
                {
                    zero.Add(j);
                }
            }
            else if (!double.IsFinite(reduced[j] > 0 ? upper[j] : lower[j]))
            {
                return null;
            }
        }

        return zero;
    }

    /// <summary>
    /// Exact duals on the support with Σᵢ yᵢ·aᵢⱼ = cⱼ for every equation j, by Gauss–Jordan
    /// elimination in rationals; unknowns the system leaves free keep the solver's value. Null
    /// when the system has no solution.
    /// </summary>
    private static Rational[]? Solve(MipModel model, IReadOnlyList<double> rowDuals, List<int> support, List<int> equations)
    {
        var columnOf = new Dictionary<int, int>();
        for (var e = 0; e < equations.Count; e++)
        {
            columnOf[equations[e]] = e;
        }

        // Augmented matrix: one line per equation, one column per dual, the objective last.
        var s = support.Count;
        var matrix = new Rational[equations.Count][];
        for (var e = 0; e < equations.Count; e++)
        {
            matrix[e] = new Rational[s + 1];
            Array.Fill(matrix[e], Rational.Zero);
            matrix[e][s] = Rational.From(model.Variables[equations[e]].Objective);
        }

        for (var u = 0; u < s; u++)
        {
            var row = model.Rows[support[u]];
            for (var k = 0; k < row.Columns.Length; k++)
            {
                if (columnOf.TryGetValue(row.Columns[k], out var e))
                {
                    matrix[e][u] += Rational.From(row.Coefficients[k]);
                }
            }
        }

        var pivotOf = new int[s];
        Array.Fill(pivotOf, -1);
        var rank = 0;
        for (var u = 0; u < s && rank < matrix.Length; u++)
        {
            var p = rank;
            while (p < matrix.Length && matrix[p][u].IsZero)
            {
                p++;
            }

            if (p == matrix.Length)
            {
                continue;
            }

            (matrix[rank], matrix[p]) = (matrix[p], matrix[rank]);
            var pivot = matrix[rank][u];
            for (var v = u; v <= s; v++)
            {
                matrix[rank][v] /= pivot;
            }

            for (var e = 0; e < matrix.Length; e++)
            {
                if (e != rank && !matrix[e][u].IsZero)
                {
                    var factor = matrix[e][u];
                    for (var v = u; v <= s; v++)
                    {
                        matrix[e][v] -= factor * matrix[rank][v];
                    }
                }
            }

            pivotOf[u] = rank++;
        }

        for (var e = rank; e < matrix.Length; e++)
        {
            if (!matrix[e][s].IsZero)
            {
                return null;
            }
        }

        var duals = new Rational[s];
        for (var u = 0; u < s; u++)
        {
            duals[u] = pivotOf[u] < 0 ? Rational.From(rowDuals[support[u]]) : Rational.Zero;
        }

        for (var u = 0; u < s; u++)
        {
            if (pivotOf[u] is var r && r >= 0)
            {
                var value = matrix[r][s];
                for (var v = 0; v < s; v++)
                {
                    if (pivotOf[v] < 0 && !matrix[r][v].IsZero)
                    {
                        value -= matrix[r][v] * duals[v];
                    }
                }

                duals[u] = value;
            }
        }

        return duals;
    }
}

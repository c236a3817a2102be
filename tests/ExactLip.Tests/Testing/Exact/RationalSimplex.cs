namespace ExactLip.Tests.Exact;

/// <summary>How a linear program ended.</summary>
public enum LpOutcome
{
    Optimal,
    Infeasible,
    Unbounded,
}

/// <summary>
/// A dense simplex method in exact rational arithmetic: maximise cᵀv subject to A v ≤ b, v ≥ 0.
/// Bland's rule (smallest improving column, smallest basic index among tied rows) so it cannot
/// cycle on the degenerate programs this oracle exists for; a first phase with one artificial
/// column finds a feasible basis when some b is negative. Small programs only (the oracle's are
/// at most a dozen rows).
/// </summary>
public static class RationalSimplex
{
    public static (LpOutcome Outcome, Rational Value) Maximize(Rational[] c, Rational[][] a, Rational[] b)
    {
        var rows = a.Length;
        var n = c.Length;
        var artificial = n + rows;
        var columns = artificial + 1;
        var t = new Rational[rows][];
        var rhs = (Rational[])b.Clone();
        var basis = new int[rows];
        for (var i = 0; i < rows; i++)
        {
            t[i] = new Rational[columns];
            Array.Copy(a[i], t[i], n);
            t[i][n + i] = Rational.One;
            t[i][artificial] = -Rational.One;
            basis[i] = n + i;
        }

        var mostNegative = -1;
        for (var i = 0; i < rows; i++)
        {
            if (rhs[i].Sign < 0 && (mostNegative < 0 || rhs[i] < rhs[mostNegative]))
            {
                mostNegative = i;
            }
        }

        if (mostNegative >= 0)
        {
            // Phase one: maximise −v₀; pivoting v₀ into the most violated row makes the basis feasible.
            var phaseOne = new Rational[columns];
            phaseOne[artificial] = -Rational.One;
            Pivot(t, rhs, basis, mostNegative, artificial);
            Iterate(t, rhs, basis, phaseOne, allowArtificial: true);
            if (Objective(phaseOne, rhs, basis).Sign < 0)
            {
                return (LpOutcome.Infeasible, Rational.Zero);
            }

            var row = Array.IndexOf(basis, artificial);
            if (row >= 0)
            {
                // v₀ is basic at 0: swap it for any other column of its row (a degenerate pivot).
                var column = Enumerable.Range(0, artificial).FirstOrDefault(j => !t[row][j].IsZero, -1);
                if (column >= 0)
                {
                    Pivot(t, rhs, basis, row, column);
                }
            }
        }

        var phaseTwo = new Rational[columns];
        Array.Copy(c, phaseTwo, n);
        return Iterate(t, rhs, basis, phaseTwo, allowArtificial: false)
            ? (LpOutcome.Optimal, Objective(phaseTwo, rhs, basis))
            : (LpOutcome.Unbounded, Rational.Zero);
    }

    /// <summary>Bland's-rule pivots until optimal (true) or unbounded (false).</summary>
    private static bool Iterate(Rational[][] t, Rational[] rhs, int[] basis, Rational[] cost, bool allowArtificial)
    {
        var columns = cost.Length;
        while (true)
        {
            var entering = -1;
            for (var j = 0; j < columns && entering < 0; j++)
            {
                if ((allowArtificial || j != columns - 1) && Array.IndexOf(basis, j) < 0 && ReducedCost(t, basis, cost, j).Sign > 0)
                {
                    entering = j;
                }
            }

            if (entering < 0)
            {
                return true;
            }

            var leaving = -1;
            var best = Rational.Zero;
            for (var i = 0; i < t.Length; i++)
            {
                if (t[i][entering].Sign <= 0)
                {
                    continue;
                }

                var ratio = rhs[i] / t[i][entering];
                if (leaving < 0 || ratio < best || (ratio == best && basis[i] < basis[leaving]))
                {
                    (leaving, best) = (i, ratio);
                }
            }

            if (leaving < 0)
            {
                return false;
            }

            Pivot(t, rhs, basis, leaving, entering);
        }
    }

    private static Rational ReducedCost(Rational[][] t, int[] basis, Rational[] cost, int column)
    {
        var r = cost[column];
        for (var i = 0; i < t.Length; i++)
        {
            if (!t[i][column].IsZero && !cost[basis[i]].IsZero)
            {
                r -= cost[basis[i]] * t[i][column];
            }
        }

        return r;
    }

    private static Rational Objective(Rational[] cost, Rational[] rhs, int[] basis)
    {
        var value = Rational.Zero;
        for (var i = 0; i < basis.Length; i++)
        {
            value += cost[basis[i]] * rhs[i];
        }

        return value;
    }

    private static void Pivot(Rational[][] t, Rational[] rhs, int[] basis, int row, int column)
    {
        var pivot = t[row][column];
        var pivotRow = t[row];
        for (var j = 0; j < pivotRow.Length; j++)
        {
            pivotRow[j] /= pivot;
        }

        rhs[row] /= pivot;
        for (var i = 0; i < t.Length; i++)
        {
            var factor = t[i][column];
            if (i == row || factor.IsZero)
            {
                continue;
            }

            for (var j = 0; j < pivotRow.Length; j++)
            {
                if (!pivotRow[j].IsZero)
                {
                    t[i][j] -= factor * pivotRow[j];
                }
            }

            rhs[i] -= factor * rhs[row];
        }

        basis[row] = column;
    }
}

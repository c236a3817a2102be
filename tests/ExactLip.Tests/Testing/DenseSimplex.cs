namespace ExactLip.Tests;

/// <summary>
/// A small textbook simplex (dense tableau, two phases, Bland's rule) for the test oracle:
/// maximise cᵀy subject to A y ≤ b, y ≥ 0. Written independently of every MIP back end so the
/// region-enumeration oracle shares no code or solver with what it checks. Fine for the tiny
/// problems of the oracle; not for anything large.
/// </summary>
public static class DenseSimplex
{
    private const double Eps = 1e-11;

    /// <returns>The optimum and a maximiser, or null when infeasible.</returns>
    public static (double Value, double[] Y)? Maximize(double[] c, double[][] a, double[] b)
    {
        var m = a.Length;
        var n = c.Length;
        // Columns: y (n), slacks (m), artificials (m); last column the right-hand side.
        var cols = n + m + m;
        var t = new double[m + 1][];
        var basis = new int[m];
        for (var i = 0; i < m; i++)
        {
            t[i] = new double[cols + 1];
            var sign = b[i] < 0 ? -1.0 : 1.0;
            for (var j = 0; j < n; j++)
            {
                t[i][j] = sign * a[i][j];
            }

            t[i][n + i] = sign;
            t[i][n + m + i] = 1;
            t[i][cols] = sign * b[i];
            basis[i] = n + m + i;
        }

        // Phase 1: minimise the sum of artificials (maximise its negative).
        t[m] = new double[cols + 1];
        for (var i = 0; i < m; i++)
        {
            for (var j = 0; j <= cols; j++)
            {
                if (j < n + m || j == cols)
                {
                    t[m][j] -= t[i][j];
                }
            }
        }

        Pivot(t, basis, cols, cols);
        if (-t[m][cols] > 1e-9)
        {
            return null;
        }

        // Drive remaining artificials out of the basis where possible.
        for (var i = 0; i < m; i++)
        {
            if (basis[i] >= n + m)
            {
                for (var j = 0; j < n + m; j++)
                {
                    if (Math.Abs(t[i][j]) > 1e-9)
                    {
                        DoPivot(t, basis, i, j, cols);
                        break;
                    }
                }
            }
        }

        // Phase 2 over the original and slack columns only.
        Array.Clear(t[m]);
        for (var j = 0; j < n; j++)
        {
            t[m][j] = -c[j];
        }

        for (var i = 0; i < m; i++)
        {
            var bj = basis[i];
            if (bj < n && c[bj] != 0)
            {
                var f = t[m][bj];
                for (var j = 0; j <= cols; j++)
                {
                    t[m][j] -= f * t[i][j];
                }
            }
        }

        if (!Pivot(t, basis, n + m, cols))
        {
            return (double.PositiveInfinity, new double[n]);
        }

        var y = new double[n];
        for (var i = 0; i < m; i++)
        {
            if (basis[i] < n)
            {
                y[basis[i]] = t[i][cols];
            }
        }

        return (t[m][cols], y);
    }

    /// <returns>False when unbounded.</returns>
    private static bool Pivot(double[][] t, int[] basis, int usable, int cols)
    {
        var m = basis.Length;
        for (var iter = 0; iter < 10000; iter++)
        {
            var enter = -1;
            for (var j = 0; j < usable; j++)
            {
                if (t[m][j] < -Eps)
                {
                    enter = j;
                    break;
                }
            }

            if (enter < 0)
            {
                return true;
            }

            var leave = -1;
            var best = double.PositiveInfinity;
            for (var i = 0; i < m; i++)
            {
                if (t[i][enter] > Eps)
                {
                    var ratio = t[i][cols] / t[i][enter];
                    if (ratio < best - Eps || (leave >= 0 && Math.Abs(ratio - best) <= Eps && basis[i] < basis[leave]))
                    {
                        best = ratio;
                        leave = i;
                    }
                }
            }

            if (leave < 0)
            {
                return false;
            }

            DoPivot(t, basis, leave, enter, cols);
        }

        throw new InvalidOperationException("Simplex did not converge.");
    }

    private static void DoPivot(double[][] t, int[] basis, int row, int col, int cols)
    {
        var p = t[row][col];
        for (var j = 0; j <= cols; j++)
        {
            t[row][j] /= p;
        }

        for (var i = 0; i < t.Length; i++)
        {
            if (i != row && t[i][col] != 0)
            {
                var f = t[i][col];
                for (var j = 0; j <= cols; j++)
                {
                    t[i][j] -= f * t[row][j];
                }
            }
        }

        basis[row] = col;
    }
}

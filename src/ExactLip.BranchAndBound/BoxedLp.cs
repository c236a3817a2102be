namespace ExactLip.BranchAndBound;

/// <summary>
/// Multipliers for the small LP max c·x over {lo ≤ x ≤ hi, g_i·x ≥ h_i}: y ≥ 0 with
/// max over the box of (c + Σ y_i g_i)·x − Σ y_i h_i as small as the solver gets it (Lagrangian
/// duality: at the LP's optimum it is the LP's maximum).
/// Implementation note: the dual active-set method on the n-dimensional vertex: n active
/// constraints, written a·x ≤ b (a box end or a row), start at the box's best vertex, whose
/// multipliers c = Σ λ_k a_k are non-negative (dual feasible); each step brings in the most
/// violated constraint and drops the active one the ratio test names, keeping λ ≥ 0, until no
/// constraint is violated. The inverse of the active matrix is updated by one column operation
/// per step. Nothing here needs to be exact or even optimal: the caller proves its bound from
/// whatever multipliers come back (<see cref="SplitConstraintBounds"/>), so this is plain float64
/// with a step limit, and a degenerate or failed run only gives a looser bound.
/// </summary>
internal static class BoxedLp
{
    public static double[] Multipliers(double[] c, double[][] g, double[] h, double[] lo, double[] hi) =>
        Multipliers(c, g, h, lo, hi, double.NegativeInfinity, out _);

    /// <param name="stopBelow">
    /// Stop as soon as the multipliers' bound falls below this: at every step it is c·x at the
    /// current vertex (the box's multipliers are what the maximum over the box takes), and it
    /// only falls from step to step.
    /// </param>
    /// <param name="vertex">The optimal vertex, a point of the polytope; null when the run stopped before it.</param>
    public static double[] Multipliers(double[] c, double[][] g, double[] h, double[] lo, double[] hi, double stopBelow, out double[]? vertex) =>
        Multipliers(c, g, h, lo, hi, stopBelow, null, out vertex, out _);

    /// <param name="start">
    /// The active constraints to start from, or null: n of them, coded as <paramref name="basis"/>
    /// is. Where their matrix is invertible and their multipliers for c are non-negative (the
    /// optimal ones of an LP with the same objective and fewer rows are), the run starts there
    /// instead of at the box's best vertex, a few steps from the optimum; otherwise at the box.
    /// </param>
    /// <param name="basis">
    /// The active constraints at the optimal vertex (null when the run stopped before it): −1 − t
    /// for x_t ≥ lo_t, t for x_t ≤ hi_t, n + i for row i.
    /// </param>
    public static double[] Multipliers(double[] c, double[][] g, double[] h, double[] lo, double[] hi, double stopBelow, int[]? start, out double[]? vertex, out int[]? basis)
    {
        vertex = null;
        basis = null;
        var n = c.Length;
        var m = g.Length;
        var y = new double[m];

        // Active constraint k: −1 − t for "x_t ≥ lo_t" (a = −e_t), t for "x_t ≤ hi_t", n + i for row i (a = −g_i).
        var active = new int[n];
        var inverse = new double[n * n];
        var lambda = new double[n];
        var x = new double[n];
        var isActive = new bool[m];
        if (start is null || !TryStart(start, c, g, active, inverse, isActive))
        {
            // A start refused may have written part of the inverse (the flags only on success).
            Array.Clear(inverse);
            for (var t = 0; t < n; t++)
            {
                var up = c[t] >= 0;
                active[t] = up ? t : -1 - t;
                inverse[(t * n) + t] = up ? 1 : -1;
            }
        }

        var a = new double[n];
        var u = new double[n];
        var limit = (2 * (n + m)) + 10;
        for (var step = 0; step <= limit; step++)
        {
            Solve(active, inverse, c, g, h, lo, hi, x, lambda);
            double value = 0;
            for (var t = 0; t < n; t++)
            {
                value += c[t] * x[t];
            }

            if (value < stopBelow)
            {
                break;
            }

            // The most violated constraint, relative to its size.
            var q = int.MinValue;
            var worst = 1e-12;
            for (var i = 0; i < m; i++)
            {
                double dot = 0, size = Math.Abs(h[i]);
                var gi = g[i];
                for (var t = 0; t < n; t++)
                {
                    dot += gi[t] * x[t];
                    size += Math.Abs(gi[t] * x[t]);
                }

                var violation = (h[i] - dot) / (1 + size);
                if (violation > worst && !isActive[i])
                {
                    worst = violation;
                    q = n + i;
                }
            }

            for (var t = 0; t < n; t++)
            {
                var scale = 1 + Math.Abs(x[t]);
                if ((x[t] - hi[t]) / scale > worst)
                {
                    worst = (x[t] - hi[t]) / scale;
                    q = t;
                }
                else if ((lo[t] - x[t]) / scale > worst)
                {
                    worst = (lo[t] - x[t]) / scale;
                    q = -1 - t;
                }
            }

            if (q == int.MinValue)
            {
                vertex = x;
                basis = (int[])active.Clone();
                break;
            }

            if (step == limit)
            {
                break;
            }

            // a_q = Σ u_k a_k over the active constraints: u = inverseᵀ a_q.
            Normal(q, g, n, a);
            for (var k = 0; k < n; k++)
            {
                double s = 0;
                for (var t = 0; t < n; t++)
                {
                    s += inverse[(t * n) + k] * a[t];
                }

                u[k] = s;
            }

            var p = -1;
            var ratio = double.PositiveInfinity;
            for (var k = 0; k < n; k++)
            {
                if (u[k] > 1e-12 && lambda[k] / u[k] < ratio)
                {
                    ratio = lambda[k] / u[k];
                    p = k;
                }
            }

            if (p < 0)
            {
                // No multiplier bounds the step: the constraints have no common point. The
                // multipliers so far stand (the region LP decides emptiness).
                break;
            }

            // Column p of the inverse becomes column p / u_p, every other column j loses u_j/u_p of it.
            var up = u[p];
            for (var t = 0; t < n; t++)
            {
                inverse[(t * n) + p] /= up;
            }

            for (var j = 0; j < n; j++)
            {
                if (j == p || u[j] == 0)
                {
                    continue;
                }

                for (var t = 0; t < n; t++)
                {
                    inverse[(t * n) + j] -= inverse[(t * n) + p] * u[j];
                }
            }

            if (active[p] >= n)
            {
                isActive[active[p] - n] = false;
            }

            if (q >= n)
            {
                isActive[q - n] = true;
            }

            active[p] = q;
        }

        for (var k = 0; k < n; k++)
        {
            if (active[k] >= n)
            {
                y[active[k] - n] = Math.Max(lambda[k], 0);
            }
        }

        return y;
    }

    /// <summary>
    /// Sets up the active set <paramref name="start"/>: its matrix's inverse (Gauss–Jordan with
    /// partial pivoting) and its flags; false when a code is out of range or repeated, the
    /// matrix is near singular, or a multiplier for c is negative beyond rounding.
    /// </summary>
    private static bool TryStart(int[] start, double[] c, double[][] g, int[] active, double[] inverse, bool[] isActive)
    {
        var n = c.Length;
        if (start.Length != n)
        {
            return false;
        }

        // The active matrix row by row (row k: constraint k's normal), beside the identity.
        var matrix = new double[n * n];
        var a = new double[n];
        for (var k = 0; k < n; k++)
        {
            var q = start[k];
            if (q < -n || q >= n + g.Length || Array.IndexOf(start, q, 0, k) >= 0)
            {
                return false;
            }

            Normal(q, g, n, a);
            a.CopyTo(matrix, k * n);
            inverse[(k * n) + k] = 1;
        }

        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < n; r++)
            {
                if (Math.Abs(matrix[(r * n) + col]) > Math.Abs(matrix[(pivot * n) + col]))
                {
                    pivot = r;
                }
            }

            var size = Math.Abs(matrix[(pivot * n) + col]);
            if (!(size > 1e-9))
            {
                return false;
            }

            if (pivot != col)
            {
                for (var t = 0; t < n; t++)
                {
                    (matrix[(col * n) + t], matrix[(pivot * n) + t]) = (matrix[(pivot * n) + t], matrix[(col * n) + t]);
                    (inverse[(col * n) + t], inverse[(pivot * n) + t]) = (inverse[(pivot * n) + t], inverse[(col * n) + t]);
                }
            }

            var scale = 1 / matrix[(col * n) + col];
            for (var t = 0; t < n; t++)
            {
                matrix[(col * n) + t] *= scale;
                inverse[(col * n) + t] *= scale;
            }

            for (var r = 0; r < n; r++)
            {
                var factor = matrix[(r * n) + col];
                if (r == col || factor == 0)
                {
                    continue;
                }

                for (var t = 0; t < n; t++)
                {
                    matrix[(r * n) + t] -= factor * matrix[(col * n) + t];
                    inverse[(r * n) + t] -= factor * inverse[(col * n) + t];
                }
            }
        }

        // λ = A⁻ᵀ c must be dual feasible, up to rounding.
        double largest = 0;
        foreach (var v in c)
        {
            largest = Math.Max(largest, Math.Abs(v));
        }

        for (var k = 0; k < n; k++)
        {
            double s = 0;
            for (var t = 0; t < n; t++)
            {
                s += inverse[(t * n) + k] * c[t];
            }

            if (s < -1e-9 * (1 + largest))
            {
                return false;
            }
        }

        start.CopyTo(active, 0);
        foreach (var q in start)
        {
            if (q >= n)
            {
                isActive[q - n] = true;
            }
        }

        return true;
    }

    /// <summary>The vertex x = A⁻¹ b and the multipliers λ = A⁻ᵀ c of the active constraints.</summary>
    private static void Solve(int[] active, double[] inverse, double[] c, double[][] g, double[] h, double[] lo, double[] hi, double[] x, double[] lambda)
    {
        var n = c.Length;
        Span<double> b = n <= 128 ? stackalloc double[n] : new double[n];
        for (var k = 0; k < n; k++)
        {
            var q = active[k];
            b[k] = q >= n ? -h[q - n] : q >= 0 ? hi[q] : -lo[-1 - q];
        }

        for (var t = 0; t < n; t++)
        {
            double s = 0;
            for (var k = 0; k < n; k++)
            {
                s += inverse[(t * n) + k] * b[k];
            }

            x[t] = s;
        }

        for (var k = 0; k < n; k++)
        {
            double s = 0;
            for (var t = 0; t < n; t++)
            {
                s += inverse[(t * n) + k] * c[t];
            }

            lambda[k] = s;
        }
    }

    /// <summary>The normal a of constraint q (a·x ≤ b).</summary>
    private static void Normal(int q, double[][] g, int n, double[] a)
    {
        Array.Clear(a);
        if (q >= n)
        {
            var gi = g[q - n];
            for (var t = 0; t < n; t++)
            {
                a[t] = -gi[t];
            }
        }
        else if (q >= 0)
        {
            a[q] = 1;
        }
        else
        {
            a[-1 - q] = -1;
        }
    }
}

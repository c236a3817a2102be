using System.Runtime.Intrinsics;

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
        // The working arrays are the thread's own (this runs hundreds of thousands of times in a
        // search, a few microseconds each); every one is written before it is read.
        var work = Workspace.For(n, m);
        var active = work.Active;
        var inverse = work.Inverse;
        var lambda = work.Lambda;
        var x = work.X;
        var isActive = work.IsActive;
        isActive.AsSpan(0, m).Clear();
        if (start is null || !TryStart(start, c, g, active, inverse, isActive, work.Matrix, work.A))
        {
            // A start refused may have written part of the inverse (the flags only on success).
            inverse.AsSpan(0, n * n).Clear();
            for (var t = 0; t < n; t++)
            {
                var up = c[t] >= 0;
                active[t] = up ? t : -1 - t;
                inverse[(t * n) + t] = up ? 1 : -1;
            }
        }

        var u = work.U;
        var limit = (2 * (n + m)) + 10;
        for (var step = 0; step <= limit; step++)
        {
            Solve(n, active, inverse, c, h, lo, hi, x, lambda);
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
                if (isActive[i])
                {
                    continue;
                }

                double dot = 0, size = Math.Abs(h[i]);
                var gi = g[i];
                for (var t = 0; t < n; t++)
                {
                    dot += gi[t] * x[t];
                    size += Math.Abs(gi[t] * x[t]);
                }

                var violation = (h[i] - dot) / (1 + size);
                if (violation > worst)
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
                vertex = x.AsSpan(0, n).ToArray();
                basis = active.AsSpan(0, n).ToArray();
                break;
            }

            if (step == limit)
            {
                break;
            }

            // a_q = Σ u_k a_k over the active constraints: u = inverseᵀ a_q, a sum of the
            // inverse's rows (for a box end, ± one row).
            Entering(q, g, n, inverse, u);
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

            // Column p of the inverse becomes column p / u_p, every other column j loses u_j
            // times that: row by row, each entry once, as column by column would.
            var up = u[p];
            for (var t = 0; t < n; t++)
            {
                var row = inverse.AsSpan(t * n, n);
                var f = row[p] / up;
                AddScaled(row, u.AsSpan(0, n), -f);
                row[p] = f;
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
    private static bool TryStart(int[] start, double[] c, double[][] g, int[] active, double[] inverse, bool[] isActive, double[] matrix, double[] a)
    {
        var n = c.Length;
        if (start.Length != n)
        {
            return false;
        }

        // The active matrix row by row (row k: constraint k's normal), beside the identity.
        inverse.AsSpan(0, n * n).Clear();
        for (var k = 0; k < n; k++)
        {
            var q = start[k];
            if (q < -n || q >= n + g.Length || Array.IndexOf(start, q, 0, k) >= 0)
            {
                return false;
            }

            Normal(q, g, n, a);
            a.AsSpan(0, n).CopyTo(matrix.AsSpan(k * n, n));
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

    /// <summary>
    /// The vertex x = A⁻¹ b and the multipliers λ = A⁻ᵀ c of the active constraints; λ as the sum
    /// of the inverse's rows weighted by c, each entry summed in the same order as a column's dot
    /// product with c would be.
    /// </summary>
    private static void Solve(int n, int[] active, double[] inverse, double[] c, double[] h, double[] lo, double[] hi, double[] x, double[] lambda)
    {
        Span<double> b = n <= 128 ? stackalloc double[n] : new double[n];
        for (var k = 0; k < n; k++)
        {
            var q = active[k];
            b[k] = q >= n ? -h[q - n] : q >= 0 ? hi[q] : -lo[-1 - q];
        }

        for (var t = 0; t < n; t++)
        {
            double s = 0;
            var row = inverse.AsSpan(t * n, n);
            for (var k = 0; k < n; k++)
            {
                s += row[k] * b[k];
            }

            x[t] = s;
        }

        var multipliers = lambda.AsSpan(0, n);
        multipliers.Clear();
        for (var t = 0; t < n; t++)
        {
            AddScaled(multipliers, inverse.AsSpan(t * n, n), c[t]);
        }
    }

    /// <summary>u = inverseᵀ a_q for the normal a_q of constraint q (a·x ≤ b): ± one row of the inverse for a box end.</summary>
    private static void Entering(int q, double[][] g, int n, double[] inverse, double[] u)
    {
        var target = u.AsSpan(0, n);
        if (q < n)
        {
            var row = inverse.AsSpan((q >= 0 ? q : -1 - q) * n, n);
            for (var k = 0; k < n; k++)
            {
                target[k] = q >= 0 ? row[k] : -row[k];
            }

            return;
        }

        var gi = g[q - n];
        target.Clear();
        for (var t = 0; t < n; t++)
        {
            AddScaled(target, inverse.AsSpan(t * n, n), -gi[t]);
        }
    }

    /// <summary>The normal a of constraint q (a·x ≤ b).</summary>
    private static void Normal(int q, double[][] g, int n, double[] a)
    {
        a.AsSpan(0, n).Clear();
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

    /// <summary>
    /// target += scale · row entry by entry, one product and one sum each (never fused), as the
    /// scalar loop would round them.
    /// </summary>
    private static void AddScaled(Span<double> target, ReadOnlySpan<double> row, double scale)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var factor = Vector256.Create(scale);
            for (; i + 4 <= target.Length; i += 4)
            {
                var sum = Vector256.Create(target.Slice(i, 4)) + (Vector256.Create(row.Slice(i, 4)) * factor);
                sum.CopyTo(target.Slice(i, 4));
            }
        }

        for (; i < target.Length; i++)
        {
            target[i] += row[i] * scale;
        }
    }

    /// <summary>One thread's working arrays, replaced when an LP has another number of variables or more rows.</summary>
    private sealed class Workspace
    {
        [ThreadStatic]
        private static Workspace? _current;

        private Workspace(int n, int m)
        {
            Active = new int[n];
            Inverse = new double[n * n];
            Matrix = new double[n * n];
            Lambda = new double[n];
            X = new double[n];
            A = new double[n];
            U = new double[n];
            IsActive = new bool[m];
        }

        public int[] Active { get; }

        public double[] Inverse { get; }

        /// <summary>The active matrix of a start, reduced in place.</summary>
        public double[] Matrix { get; }

        public double[] Lambda { get; }

        public double[] X { get; }

        public double[] A { get; }

        public double[] U { get; }

        public bool[] IsActive { get; }

        public static Workspace For(int n, int m)
        {
            var work = _current;
            if (work is null || work.X.Length != n || work.IsActive.Length < m)
            {
                work = new Workspace(n, m);
                _current = work;
            }

            return work;
        }
    }
}

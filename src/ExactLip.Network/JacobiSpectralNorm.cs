namespace ExactLip.Network;

/// <summary>
/// The ℓ2 operator norm (largest singular value) of a small dense matrix, with the vector that
/// attains it.
/// Implementation note: the cyclic Jacobi eigenvalue method on the smaller Gram matrix (J Jᵀ or
/// Jᵀ J), accurate to rounding. The value is a float64 estimate, not a bound: a caller that needs
/// a proven lower bound re-measures ‖Jᵀu‖₂ at a proven point (WitnessProof), and an upper bound
/// on a fixed matrix is proven separately (branch and bound's VerifiedSpectralNorm).
/// </summary>
public static class JacobiSpectralNorm
{
    /// <summary>σ_max(J) and a unit vector u with ‖Jᵀu‖₂ = σ_max (rows of J are outputs).</summary>
    public static (double Value, double[] U) Exact(double[][] j)
    {
        ArgumentNullException.ThrowIfNull(j);
        var m = j.Length;
        var n = m == 0 ? 0 : j[0].Length;
        if (m == 0 || n == 0)
        {
            return (0, new double[m]);
        }

        if (m <= n)
        {
            var (lambda, u) = LargestEigen(Gram(j));
            return (Math.Sqrt(Math.Max(lambda, 0)), u);
        }

        // Fewer columns: the eigenvector v of JᵀJ gives u = Jv/σ.
        var columns = Enumerable.Range(0, n).Select(i => j.Select(row => row[i]).ToArray()).ToArray();
        var (l2, v) = LargestEigen(Gram(columns));
        var sigma = Math.Sqrt(Math.Max(l2, 0));
        var left = new double[m];
        for (var r = 0; r < m; r++)
        {
            double s = 0;
            for (var i = 0; i < n; i++)
            {
                s += j[r][i] * v[i];
            }

            left[r] = sigma > 0 ? s / sigma : 0;
        }

        return (sigma, left);
    }

    /// <summary>The Gram matrix of the rows: entry (a, b) = ⟨row a, row b⟩.</summary>
    private static double[,] Gram(double[][] rows)
    {
        var k = rows.Length;
        var n = rows[0].Length;
        var gram = new double[k, k];
        for (var a = 0; a < k; a++)
        {
            for (var b = a; b < k; b++)
            {
                double s = 0;
                for (var i = 0; i < n; i++)
                {
                    s += rows[a][i] * rows[b][i];
                }

                gram[a, b] = s;
                gram[b, a] = s;
            }
        }

        return gram;
    }

    /// <summary>The largest eigenvalue of a symmetric matrix and its unit eigenvector (cyclic Jacobi).</summary>
    private static (double Value, double[] Vector) LargestEigen(double[,] input)
    {
        var n = input.GetLength(0);
        var a = (double[,])input.Clone();
        var v = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            v[i, i] = 1;
        }

        for (var sweep = 0; sweep < 100; sweep++)
        {
            double off = 0, total = 0;
            for (var p = 0; p < n; p++)
            {
                for (var q = 0; q < n; q++)
                {
                    total += a[p, q] * a[p, q];
                    if (p != q)
                    {
                        off += a[p, q] * a[p, q];
                    }
                }
            }

            if (off <= 1e-30 * total || off == 0)
            {
                break;
            }

            for (var p = 0; p < n - 1; p++)
            {
                for (var q = p + 1; q < n; q++)
                {
                    if (a[p, q] == 0)
                    {
                        continue;
                    }

                    var theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
                    var t = Math.Sign(theta) / (Math.Abs(theta) + Math.Sqrt((theta * theta) + 1));
                    if (theta == 0)
                    {
                        t = 1;
                    }

                    var c = 1 / Math.Sqrt((t * t) + 1);
                    var s = t * c;
                    for (var k = 0; k < n; k++)
                    {
                        var akp = a[k, p];
                        var akq = a[k, q];
                        a[k, p] = (c * akp) - (s * akq);
                        a[k, q] = (s * akp) + (c * akq);
                    }

                    for (var k = 0; k < n; k++)
                    {
                        var apk = a[p, k];
                        var aqk = a[q, k];
                        a[p, k] = (c * apk) - (s * aqk);
                        a[q, k] = (s * apk) + (c * aqk);
                    }

                    for (var k = 0; k < n; k++)
                    {
                        var vkp = v[k, p];
                        var vkq = v[k, q];
                        v[k, p] = (c * vkp) - (s * vkq);
                        v[k, q] = (s * vkp) + (c * vkq);
                    }
                }
            }
        }

        var best = 0;
        for (var i = 1; i < n; i++)
        {
            if (a[i, i] > a[best, best])
            {
                best = i;
            }
        }

        var vector = new double[n];
        for (var k = 0; k < n; k++)
        {
            vector[k] = v[k, best];
        }

        return (a[best, best], vector);
    }
}

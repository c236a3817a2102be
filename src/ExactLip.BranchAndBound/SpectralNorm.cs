using ExactLip.Core;

namespace ExactLip.BranchAndBound;

/// <summary>
/// The ℓ2 operator norm (largest singular value) of a small dense matrix, and a certified upper
/// bound on it for an entry-wise magnitude bound.
/// Implementation note: the exact value comes from the cyclic Jacobi eigenvalue method on the
/// smaller Gram matrix (J Jᵀ or Jᵀ J), accurate to rounding. For the bound, any J with
/// |J| ≤ M entry-wise has ‖J‖₂ ≤ ‖M‖₂ (‖Jx‖ ≤ ‖M|x|‖), and for the non-negative A = MᵀM the
/// Collatz–Wielandt inequality ρ(A) ≤ maxᵢ (Av)ᵢ / vᵢ holds for every positive v; power
/// iteration makes v nearly the Perron vector, so the bound is tight, and it stays certified
/// however far the iteration is from converged.
/// </summary>
public static class SpectralNorm
{
    /// <summary>σ_max(J) and a unit vector u with ‖Jᵀu‖₂ = σ_max (rows of J are outputs).</summary>
    public static (double Value, double[] U) Exact(double[][] j)
    {
        var m = j.Length;
        var n = m == 0 ? 0 : j[0].Length;
        if (m == 0 || n == 0)
        {
            return (0, new double[m]);
        }

        if (m <= n)
        {
            var gram = new double[m, m];
            for (var a = 0; a < m; a++)
            {
                for (var b = a; b < m; b++)
                {
                    double s = 0;
                    for (var i = 0; i < n; i++)
                    {
                        s += j[a][i] * j[b][i];
                    }

                    gram[a, b] = s;
                    gram[b, a] = s;
                }
            }

            var (lambda, u) = LargestEigen(gram);
            return (Math.Sqrt(Math.Max(lambda, 0)), u);
        }

        var g = new double[n, n];
        for (var a = 0; a < n; a++)
        {
            for (var b = a; b < n; b++)
            {
                double s = 0;
                for (var r = 0; r < m; r++)
                {
                    s += j[r][a] * j[r][b];
                }

                g[a, b] = s;
                g[b, a] = s;
            }
        }

        var (l2, v) = LargestEigen(g);
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

    /// <summary>A certified upper bound on σ_max of every matrix whose entries are bounded in magnitude by <paramref name="magnitude"/>.</summary>
    public static double UpperBound(double[][] magnitude)
    {
        var m = magnitude.Length;
        var n = m == 0 ? 0 : magnitude[0].Length;
        if (m == 0 || n == 0)
        {
            return 0;
        }

        // v ← Mᵀ M v, starting from all ones (positive, so never orthogonal to the Perron vector).
        var v = new double[n];
        Array.Fill(v, 1.0);
        var mv = new double[m];
        var av = new double[n];
        for (var iteration = 0; iteration < 60; iteration++)
        {
            Apply(magnitude, v, mv, av);
            var max = av.Max();
            if (max <= 0)
            {
                return 0;
            }

            for (var i = 0; i < n; i++)
            {
                // Keep v strictly positive: the inequality needs it, and a zero would hide a column.
                v[i] = Math.Max(av[i] / max, 1e-9);
            }
        }

        // The inequality holds for the float64 v as it is; only MᵀM v must be bounded from above.
        ApplyUp(magnitude, v, mv, av);
        double ratio = 0;
        for (var i = 0; i < n; i++)
        {
            ratio = Math.Max(ratio, RoundingError.Up(av[i] / v[i]));
        }

        // Each division and the square root round once (IEEE 754 correctly rounded): outward.
        return RoundingError.Up(Math.Sqrt(ratio));
    }

    /// <summary>
    /// Upper bounds on M v and Mᵀ(M v) for non-negative M and v: every sum has non-negative
    /// terms, so rounding its float value up by its error bound (<see cref="RoundingError.NonNegativeSumUp"/>)
    /// bounds the exact sum, and Mᵀ applied to an upper bound on M v stays an upper bound.
    /// </summary>
    private static void ApplyUp(double[][] mag, double[] v, double[] mv, double[] av)
    {
        Apply(mag, v, mv, av);
        for (var r = 0; r < mv.Length; r++)
        {
            mv[r] = RoundingError.NonNegativeSumUp(mv[r], v.Length);
        }

        Array.Clear(av);
        for (var r = 0; r < mag.Length; r++)
        {
            var row = mag[r];
            for (var i = 0; i < av.Length; i++)
            {
                av[i] += row[i] * mv[r];
            }
        }

        for (var i = 0; i < av.Length; i++)
        {
            av[i] = RoundingError.NonNegativeSumUp(av[i], mag.Length);
        }
    }

    private static void Apply(double[][] mag, double[] v, double[] mv, double[] av)
    {
        for (var r = 0; r < mag.Length; r++)
        {
            double s = 0;
            var row = mag[r];
            for (var i = 0; i < v.Length; i++)
            {
                s += row[i] * v[i];
            }

            mv[r] = s;
        }

        Array.Clear(av);
        for (var r = 0; r < mag.Length; r++)
        {
            var row = mag[r];
            for (var i = 0; i < av.Length; i++)
            {
                av[i] += row[i] * mv[r];
            }
        }
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

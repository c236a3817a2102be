namespace ExactLip.Estimators;

/// <summary>
/// Largest singular value σ_max(A) of a <see cref="LinearMap"/>: power iteration through the
/// map's own products (a lower estimate that needs no matrix), finished with a certified upper
/// bound.
/// Implementation note: the certificate is the Gram iteration of Delattre, Barthélemy, Araujo
/// and Allauzen (ICML 2023) applied to the smaller Gram matrix G (AᵀA or AAᵀ, k × k, built
/// column by column through the same products): λ_max(G)^{2^t} ≤ ‖G^{2^t}‖_F for every t, and
/// the bound falls to λ_max as G^{2^t} becomes rank one. Each squaring is normalised by its
/// Frobenius norm, whose logarithm is carried, so nothing overflows; round-off is covered by a
/// slack of 8(n + k)·ε_mach·‖A‖²_F on λ_max, far above the rounding of the products. Above
/// <see cref="GramLimit"/> the k³ squarings cost too much, and the bound is the cheaper
/// min(‖A‖_F, √(‖A‖₁‖A‖∞)) (both certified, both looser).
/// </summary>
public static class GramIterationSpectralNorm
{
    public const int GramLimit = 600;

    private const int MaxSquarings = 64;

    private const double UnitRoundoff = 1.1102230246251565e-16;

    public static SpectralBound Bound(LinearMap map, int seed = 0)
    {
        var power = PowerIteration(map, seed);
        var k = Math.Min(map.Rows, map.Columns);
        if (k == 0)
        {
            return new SpectralBound(0, 0, "empty");
        }

        if (k > GramLimit)
        {
            var frobenius = Math.Sqrt(map.Matrix.Values.Sum(v => v * v));
            var holder = Math.Sqrt(MaxAbsColumnSum(map) * MaxAbsRowSum(map));
            return frobenius <= holder
                ? new SpectralBound(frobenius, power, "Frobenius norm (layer too large for Gram iteration)")
                : new SpectralBound(holder, power, "√(‖A‖₁‖A‖∞) (layer too large for Gram iteration)");
        }

        var gram = GramMatrix(map);
        var upper = Math.Sqrt(GramIterationBound(gram, Math.Max(map.Rows, map.Columns)));
        return new SpectralBound(Math.Max(upper, power), power, "Gram iteration");
    }

    /// <summary>
    /// A certified upper bound on λ_max of a symmetric positive semi-definite matrix (row-major,
    /// k × k) built from an m × n matrix with max(m, n) = <paramref name="longSide"/>.
    /// </summary>
    public static double GramIterationBound(double[] gram, int longSide)
    {
        var k = (int)Math.Round(Math.Sqrt(gram.Length));
        double trace = 0;
        for (var i = 0; i < k; i++)
        {
            trace += gram[(i * k) + i];
        }

        if (trace <= 0)
        {
            return 0;
        }

        var slack = 8.0 * (longSide + k) * UnitRoundoff * trace;
        var h = (double[])gram.Clone();
        var next = new double[h.Length];
        double logScale = 0;
        var best = double.PositiveInfinity;
        for (var t = 0; t <= MaxSquarings; t++)
        {
            var f = Frobenius(h);
            if (f == 0)
            {
                // G^{2^t} vanished: G is nilpotent, which for a PSD matrix means G = 0 up to round-off.
                best = 0;
                break;
            }

            var bound = Math.Exp((Math.Log(f) + logScale) / Math.Pow(2, t));
            if (bound >= best * (1 - 1e-15) && t > 2)
            {
                best = Math.Min(best, bound);
                break;
            }

            best = Math.Min(best, bound);
            for (var i = 0; i < h.Length; i++)
            {
                h[i] /= f;
            }

            logScale = 2 * (logScale + Math.Log(f));
            SquareSymmetric(h, next, k);
            (h, next) = (next, h);
        }

        return (best * (1 + (4.0 * k * MaxSquarings * UnitRoundoff))) + slack;
    }

    /// <summary>‖Ax‖ for the unit x power iteration settles on: a lower estimate of σ_max.</summary>
    public static double PowerIteration(LinearMap map, int seed = 0, int iterations = 200)
    {
        if (map.Rows == 0 || map.Columns == 0)
        {
            return 0;
        }

        var rng = new Random(seed);
        var x = new double[map.Columns];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = rng.NextDouble() - 0.5;
        }

        var y = new double[map.Rows];
        double sigma = 0;
        for (var it = 0; it < iterations; it++)
        {
            Normalise(x);
            map.Apply(x, y);
            var current = Norm2(y);
            map.ApplyTransposed(y, x);
            if (Norm2(x) == 0)
            {
                return Math.Max(sigma, current);
            }

            var converged = Math.Abs(current - sigma) <= 1e-13 * current;
            sigma = Math.Max(sigma, current);
            if (converged)
            {
                break;
            }
        }

        return sigma;
    }

    /// <summary>The smaller of AᵀA and AAᵀ, row-major, built through the map's products.</summary>
    public static double[] GramMatrix(LinearMap map)
    {
        var columnsSide = map.Columns <= map.Rows;
        var k = columnsSide ? map.Columns : map.Rows;
        var gram = new double[k * k];
        var e = new double[k];
        var mid = new double[columnsSide ? map.Rows : map.Columns];
        var column = new double[k];
        for (var j = 0; j < k; j++)
        {
            e[j] = 1;
            if (columnsSide)
            {
                map.Apply(e, mid);
                map.ApplyTransposed(mid, column);
            }
            else
            {
                map.ApplyTransposed(e, mid);
                map.Apply(mid, column);
            }

            e[j] = 0;
            for (var i = 0; i < k; i++)
            {
                gram[(i * k) + j] = column[i];
            }
        }

        // Symmetrise: round-off may leave the two triangles a few ulps apart.
        for (var i = 0; i < k; i++)
        {
            for (var j = i + 1; j < k; j++)
            {
                var avg = 0.5 * (gram[(i * k) + j] + gram[(j * k) + i]);
                gram[(i * k) + j] = avg;
                gram[(j * k) + i] = avg;
            }
        }

        return gram;
    }

    public static double MaxAbsRowSum(LinearMap map)
    {
        double best = 0;
        for (var i = 0; i < map.Rows; i++)
        {
            best = Math.Max(best, map.Matrix.Row(i).Sum(e => Math.Abs(e.Value)));
        }

        return best;
    }

    public static double MaxAbsColumnSum(LinearMap map)
    {
        var sums = new double[map.Columns];
        var m = map.Matrix;
        for (var k = 0; k < m.NonZeros; k++)
        {
            sums[m.ColumnIndex[k]] += Math.Abs(m.Values[k]);
        }

        return sums.Length == 0 ? 0 : sums.Max();
    }

    private static void SquareSymmetric(double[] h, double[] result, int k)
    {
        Array.Clear(result);
        for (var i = 0; i < k; i++)
        {
            for (var l = 0; l < k; l++)
            {
                var a = h[(i * k) + l];
                if (a == 0)
                {
                    continue;
                }

                var rowL = l * k;
                var rowI = i * k;
                for (var j = 0; j < k; j++)
                {
                    result[rowI + j] += a * h[rowL + j];
                }
            }
        }
    }

    private static double Frobenius(double[] h)
    {
        double s = 0;
        foreach (var v in h)
        {
            s += v * v;
        }

        return Math.Sqrt(s);
    }

    private static double Norm2(ReadOnlySpan<double> v)
    {
        double s = 0;
        foreach (var x in v)
        {
            s += x * x;
        }

        return Math.Sqrt(s);
    }

    private static void Normalise(Span<double> v)
    {
        var n = Norm2(v);
        if (n > 0)
        {
            for (var i = 0; i < v.Length; i++)
            {
                v[i] /= n;
            }
        }
    }
}

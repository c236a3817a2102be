namespace ExactLip.Estimators;

/// <summary>Dense row-major helpers for the small matrices of SeqLip's factors.</summary>
internal static class SmallMatrix
{
    /// <summary>A certified upper bound on σ_max of a dense rows × cols matrix (Gram iteration).</summary>
    public static double CertifiedSpectral(double[] a, int rows, int cols)
    {
        if (rows == 0 || cols == 0)
        {
            return 0;
        }

        var useColumns = cols <= rows;
        var k = useColumns ? cols : rows;
        var gram = new double[k * k];
        for (var i = 0; i < k; i++)
        {
            for (var j = i; j < k; j++)
            {
                double s = 0;
                if (useColumns)
                {
                    for (var t = 0; t < rows; t++)
                    {
                        s += a[(t * cols) + i] * a[(t * cols) + j];
                    }
                }
                else
                {
                    for (var t = 0; t < cols; t++)
                    {
                        s += a[(i * cols) + t] * a[(j * cols) + t];
                    }
                }

                gram[(i * k) + j] = s;
                gram[(j * k) + i] = s;
            }
        }

        return Math.Sqrt(GramIterationSpectralNorm.GramIterationBound(gram, Math.Max(rows, cols)));
    }

    /// <summary>σ_max estimated by power iteration from <paramref name="start"/> (updated in place): a lower estimate.</summary>
    public static double PowerSpectral(double[] a, int rows, int cols, double[] start, int iterations = 60)
    {
        var y = new double[rows];
        double sigma = 0;
        for (var it = 0; it < iterations; it++)
        {
            var norm = Math.Sqrt(start.Sum(v => v * v));
            if (norm == 0)
            {
                return sigma;
            }

            for (var j = 0; j < cols; j++)
            {
                start[j] /= norm;
            }

            for (var i = 0; i < rows; i++)
            {
                double s = 0;
                for (var j = 0; j < cols; j++)
                {
                    s += a[(i * cols) + j] * start[j];
                }

                y[i] = s;
            }

            var current = Math.Sqrt(y.Sum(v => v * v));
            Array.Clear(start);
            for (var i = 0; i < rows; i++)
            {
                for (var j = 0; j < cols; j++)
                {
                    start[j] += a[(i * cols) + j] * y[i];
                }
            }

            var converged = Math.Abs(current - sigma) <= 1e-12 * current;
            sigma = Math.Max(sigma, current);
            if (converged)
            {
                break;
            }
        }

        return sigma;
    }
}

using MathNet.Numerics.LinearAlgebra;

namespace ExactLip.Tests.Estimators;

/// <summary>Reference linear algebra for the estimator tests, from MathNet (code no one here wrote).</summary>
public static class DenseReference
{
    /// <summary>The largest singular value by MathNet's SVD.</summary>
    public static double SpectralNorm(double[][] rows) =>
        rows.Length == 0 ? 0 : Matrix<double>.Build.DenseOfRowArrays(rows).Svd(computeVectors: false).S[0];

    /// <summary>The dense rows of a layer's matrix.</summary>
    public static double[][] Rows(ExactLip.Network.SparseMatrix m)
    {
        var rows = new double[m.Rows][];
        for (var i = 0; i < m.Rows; i++)
        {
            rows[i] = new double[m.Columns];
            foreach (var (j, v) in m.Row(i))
            {
                rows[i][j] += v;
            }
        }

        return rows;
    }

    public static double[][] Multiply(double[][] a, double[][] b)
    {
        var n = b[0].Length;
        var result = new double[a.Length][];
        for (var i = 0; i < a.Length; i++)
        {
            result[i] = new double[n];
            for (var k = 0; k < b.Length; k++)
            {
                for (var j = 0; j < n; j++)
                {
                    result[i][j] += a[i][k] * b[k][j];
                }
            }
        }

        return result;
    }

    /// <summary>diag(σ)·a.</summary>
    public static double[][] ScaleRows(double[][] a, IReadOnlyList<double> sigma) =>
        a.Select((row, i) => row.Select(v => v * sigma[i]).ToArray()).ToArray();
}

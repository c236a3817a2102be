using ExactLip.Network;
using ExactLip.Network.Layers;

namespace ExactLip.Estimators;

/// <summary>
/// The linear part A of one affine layer y = A x + b, as layer-wise estimators see it: products
/// with A and Aᵀ (through the layer's own Forward and Backward, so a convolution is never made
/// dense), its sparse entries for the norms that read them, and its bias.
/// Implementation note: row and column scalings (diag(r)·A·diag(d)) cover every variant the
/// estimators need — dead neurons dropped, Avant–Morgansen's ratios, SeqLip's vertices — and
/// keep the map sparse.
/// </summary>
public sealed class LinearMap
{
    private readonly LinearLayer? _layer;

    private LinearMap(SparseMatrix matrix, double[] bias, LinearLayer? layer)
    {
        Matrix = matrix;
        Bias = bias;
        _layer = layer;
    }

    public SparseMatrix Matrix { get; }

    public double[] Bias { get; }

    public int Rows => Matrix.Rows;

    public int Columns => Matrix.Columns;

    public static LinearMap Of(LinearLayer layer) => new(layer.Matrix, layer.Bias, layer);

    public static LinearMap Of(SparseMatrix matrix, double[] bias) => new(matrix, bias, null);

    /// <summary>y = A x (no bias).</summary>
    public void Apply(ReadOnlySpan<double> x, Span<double> y)
    {
        if (_layer is null)
        {
            Matrix.Multiply(x, y);
            return;
        }

        _layer.Forward(x, y);
        for (var i = 0; i < y.Length; i++)
        {
            y[i] -= Bias[i];
        }
    }

    /// <summary>x = Aᵀ y.</summary>
    public void ApplyTransposed(ReadOnlySpan<double> y, Span<double> x)
    {
        if (_layer is null)
        {
            Matrix.MultiplyTransposed(y, x);
            return;
        }

        _layer.Backward(ReadOnlySpan<double>.Empty, y, x);
    }

    /// <summary>diag(rowScale)·A·diag(columnScale), either scale optional; the bias scales with the rows.</summary>
    public LinearMap Scaled(double[]? rowScale, double[]? columnScale)
    {
        var values = (double[])Matrix.Values.Clone();
        for (var i = 0; i < Matrix.Rows; i++)
        {
            for (var k = Matrix.RowStart[i]; k < Matrix.RowStart[i + 1]; k++)
            {
                values[k] *= (rowScale?[i] ?? 1) * (columnScale?[Matrix.ColumnIndex[k]] ?? 1);
            }
        }

        var bias = Bias.Select((b, i) => b * (rowScale?[i] ?? 1)).ToArray();
        return new LinearMap(new SparseMatrix(Matrix.Rows, Matrix.Columns, Matrix.RowStart, Matrix.ColumnIndex, values), bias, null);
    }

    /// <summary>The 1 × n map cᵀA with bias cᵀb.</summary>
    public LinearMap FoldOutput(ReadOnlySpan<double> c)
    {
        var row = new double[Columns];
        ApplyTransposed(c, row);
        double bias = 0;
        for (var i = 0; i < Rows; i++)
        {
            bias += c[i] * Bias[i];
        }

        return new LinearMap(SparseMatrix.FromDense(1, Columns, row), new[] { bias }, null);
    }

    /// <summary>The dense row-major copy (for SVDs of small layers).</summary>
    public double[,] ToDense()
    {
        var dense = new double[Rows, Columns];
        for (var i = 0; i < Rows; i++)
        {
            foreach (var (j, v) in Matrix.Row(i))
            {
                dense[i, j] += v;
            }
        }

        return dense;
    }
}

using ExactLip.Network;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Network;

/// <summary>
/// A fully stored matrix multiplies by vector operations over its rows and columns; the
/// rounding-error bounds assume the products are summed in column order from 0, so the results
/// must be the very float64 numbers a plain loop over the CSR arrays gives, bit for bit.
/// </summary>
public sealed class DenseProductTests
{
    public static TheoryData<int, int> Shapes => new() { { 1, 1 }, { 3, 7 }, { 30, 30 }, { 17, 64 }, { 64, 5 } };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Products_are_bitwise_those_of_the_plain_loops(int rows, int columns)
    {
        var rng = new Random((rows * 131) + columns);
        var dense = new double[rows * columns];
        for (var k = 0; k < dense.Length; k++)
        {
            // Mixed magnitudes, so the order of the sums shows in the last bits; no exact zeros
            // (the CSR form stores every entry).
            dense[k] = (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-8, 9));
        }

        var matrix = SparseMatrix.FromDense(rows, columns, dense);
        matrix.IsDense.Should().BeTrue();
        var x = Vector(rng, columns, zeroEvery: 3);
        var y = Vector(rng, rows, zeroEvery: 4);

        var ax = new double[rows];
        matrix.Multiply(x, ax);
        var aty = new double[columns];
        matrix.MultiplyTransposed(y, aty);

        Bits(ax).Should().Equal(Bits(PlainMultiply(matrix, x)));
        Bits(aty).Should().Equal(Bits(PlainMultiplyTransposed(matrix, y)));
    }

    [Fact]
    public void A_matrix_with_a_missing_entry_is_not_dense_and_multiplies_the_same()
    {
        var matrix = SparseMatrix.FromDense(2, 3, [1.5, 0, -2, 0.25, 3, 7]);
        matrix.IsDense.Should().BeFalse();

        var y = new double[2];
        matrix.Multiply([1, 2, 3], y);
        y.Should().Equal(1.5 - 6, 0.25 + 6 + 21);
    }

    private static double[] Vector(Random rng, int length, int zeroEvery) =>
        Enumerable.Range(0, length).Select(i => i % zeroEvery == 1 ? 0 : (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-6, 7))).ToArray();

    private static long[] Bits(double[] values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();

    /// <summary>The reference: Σₖ Values[k]·x[ColumnIndex[k]] for each row, in storage order.</summary>
    private static double[] PlainMultiply(SparseMatrix m, double[] x)
    {
        var y = new double[m.Rows];
        for (var i = 0; i < m.Rows; i++)
        {
            double acc = 0;
            for (var k = m.RowStart[i]; k < m.RowStart[i + 1]; k++)
            {
                acc += m.Values[k] * x[m.ColumnIndex[k]];
            }

            y[i] = acc;
        }

        return y;
    }

    /// <summary>The reference: x[ColumnIndex[k]] += Values[k]·yᵢ, rows in order, zero yᵢ skipped.</summary>
    private static double[] PlainMultiplyTransposed(SparseMatrix m, double[] y)
    {
        var x = new double[m.Columns];
        for (var i = 0; i < m.Rows; i++)
        {
            if (y[i] == 0)
            {
                continue;
            }

            for (var k = m.RowStart[i]; k < m.RowStart[i + 1]; k++)
            {
                x[m.ColumnIndex[k]] += m.Values[k] * y[i];
            }
        }

        return x;
    }
}

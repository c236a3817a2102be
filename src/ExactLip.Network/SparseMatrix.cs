using ExactLip.Core;
namespace ExactLip.Network;

/// <summary>
/// A compressed-sparse-row matrix, the common form of every linear operator (dense layers,
/// convolutions, pooling, normalisation). Immutable once built. The transposed (CSC) view is
/// built on first use, for back-propagation encodings that need columns.
/// </summary>
public sealed class SparseMatrix
{
    private SparseMatrix? _transposed;
    private double[]? _rowAbsoluteSums;

    public SparseMatrix(int rows, int columns, int[] rowStart, int[] columnIndex, double[] values)
    {
        if (rowStart.Length != rows + 1 || columnIndex.Length != values.Length || rowStart[rows] != values.Length)
        {
            throw new ArgumentException("Inconsistent CSR arrays.");
        }

        Rows = rows;
        Columns = columns;
        RowStart = rowStart;
        ColumnIndex = columnIndex;
        Values = values;
        IsDense = HoldsEveryEntryInOrder(rows, columns, columnIndex);
    }

    /// <summary>
    /// Every entry is stored, row by row in column order (a fully connected layer's weights):
    /// row i is then Values[i·Columns .. (i + 1)·Columns), and the products below run as
    /// vector operations over contiguous rows instead of gathering through the column indices.
    /// </summary>
    public bool IsDense { get; }

    public int Rows { get; }

    public int Columns { get; }

    public int[] RowStart { get; }

    public int[] ColumnIndex { get; }

    public double[] Values { get; }

    public int NonZeros => Values.Length;

    /// <summary>
    /// The entry of row i when it is its only one and ±1 (the row copies or negates one input, a
    /// product without rounding), else null.
    /// </summary>
    public double? SignedUnitEntry(int i) =>
        RowStart[i + 1] - RowStart[i] == 1 && Math.Abs(Values[RowStart[i]]) == 1 ? Values[RowStart[i]] : null;

    /// <summary>Builds a CSR matrix from a dense row-major array, dropping exact zeros.</summary>
    public static SparseMatrix FromDense(int rows, int columns, ReadOnlySpan<double> rowMajor)
    {
        var start = new int[rows + 1];
        var idx = new List<int>();
        var val = new List<double>();
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns; j++)
            {
                var a = rowMajor[(i * columns) + j];
                if (a != 0)
                {
                    idx.Add(j);
                    val.Add(a);
                }
            }

            start[i + 1] = idx.Count;
        }

        return new SparseMatrix(rows, columns, start, idx.ToArray(), val.ToArray());
    }

    /// <summary>Builds a CSR matrix from per-row entry lists (duplicates are summed).</summary>
    public static SparseMatrix FromRows(int columns, IReadOnlyList<IReadOnlyList<(int Column, double Value)>> rows)
    {
        var start = new int[rows.Count + 1];
        var idx = new List<int>();
        var val = new List<double>();
        for (var i = 0; i < rows.Count; i++)
        {
            foreach (var group in rows[i].GroupBy(e => e.Column).OrderBy(g => g.Key))
            {
                var sum = group.Sum(e => e.Value);
                if (sum != 0)
                {
                    idx.Add(group.Key);
                    val.Add(sum);
                }
            }

            start[i + 1] = idx.Count;
        }

        return new SparseMatrix(rows.Count, columns, start, idx.ToArray(), val.ToArray());
    }

    public static SparseMatrix Identity(int n)
    {
        var start = new int[n + 1];
        var idx = new int[n];
        var val = new double[n];
        for (var i = 0; i < n; i++)
        {
            start[i + 1] = i + 1;
            idx[i] = i;
            val[i] = 1;
        }

        return new SparseMatrix(n, n, start, idx, val);
    }

    /// <summary>
    /// The matrix of the given rows, in that order: its products are, entry for entry, the same
    /// float64 operations as the whole matrix's for those rows (a dense matrix stays dense).
    /// </summary>
    public SparseMatrix SelectRows(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var start = new int[rows.Count + 1];
        for (var t = 0; t < rows.Count; t++)
        {
            start[t + 1] = start[t] + (RowStart[rows[t] + 1] - RowStart[rows[t]]);
        }

        var idx = new int[start[rows.Count]];
        var val = new double[idx.Length];
        for (var t = 0; t < rows.Count; t++)
        {
            var from = RowStart[rows[t]];
            var length = start[t + 1] - start[t];
            Array.Copy(ColumnIndex, from, idx, start[t], length);
            Array.Copy(Values, from, val, start[t], length);
        }

        return new SparseMatrix(rows.Count, Columns, start, idx, val);
    }

    /// <summary>
    /// Upper bounds on Σⱼ|Aᵢⱼ| for every row i, exact sums rounded up by their error bound;
    /// computed once and cached (thread-safe: a race computes them twice).
    /// </summary>
    public double[] RowAbsoluteSumsUp => _rowAbsoluteSums ??= ComputeRowAbsoluteSumsUp();

    private double[] ComputeRowAbsoluteSumsUp()
    {
        var sums = new double[Rows];
        for (var i = 0; i < Rows; i++)
        {
            double acc = 0;
            for (var k = RowStart[i]; k < RowStart[i + 1]; k++)
            {
                acc += Math.Abs(Values[k]);
            }

            sums[i] = RoundingError.NonNegativeSumUp(acc, RowStart[i + 1] - RowStart[i]);
        }

        return sums;
    }

    /// <summary>y = A x.</summary>
    /// <remarks>
    /// On a dense matrix y is accumulated as Σⱼ xⱼ·(column j), the columns being the rows of the
    /// cached transpose: each yᵢ takes the same products, added in the same order from 0, as the
    /// row-by-row dot product, so the result is the same float64 number either way, and every
    /// rounding-error bound that assumes recursive summation in column order still holds. A zero
    /// xⱼ is skipped: its products are zeros, which change no sum (the weights are finite).
    /// </remarks>
    public void Multiply(ReadOnlySpan<double> x, Span<double> y)
    {
        if (IsDense && Columns > 0)
        {
            var columns = Transpose().Values;
            y[..Rows].Clear();
            for (var j = 0; j < Columns; j++)
            {
                // A zero weight adds nothing: rows relaxed through a ReLU are zero at every
                // neuron they cut, often half of them.
                if (x[j] != 0)
                {
                    DenseRows.AddScaled(y[..Rows], columns.AsSpan(j * Rows, Rows), x[j]);
                }
            }

            return;
        }

        for (var i = 0; i < Rows; i++)
        {
            double acc = 0;
            for (var k = RowStart[i]; k < RowStart[i + 1]; k++)
            {
                acc += Values[k] * x[ColumnIndex[k]];
            }

            y[i] = acc;
        }
    }

    /// <summary>y = |A| x (entry-wise absolute values), for interval radii.</summary>
    public void MultiplyAbs(ReadOnlySpan<double> x, Span<double> y)
    {
        for (var i = 0; i < Rows; i++)
        {
            double acc = 0;
            for (var k = RowStart[i]; k < RowStart[i + 1]; k++)
            {
                acc += Math.Abs(Values[k]) * x[ColumnIndex[k]];
            }

            y[i] = acc;
        }
    }

    /// <summary>x = Aᵀ y (the vector-Jacobian product of y ↦ A y).</summary>
    public void MultiplyTransposed(ReadOnlySpan<double> y, Span<double> x)
    {
        x.Clear();
        for (var i = 0; i < Rows; i++)
        {
            var yi = y[i];
            if (yi == 0)
            {
                continue;
            }

            // A dense row is contiguous: the same products and sums, as vector operations.
            if (IsDense)
            {
                DenseRows.AddScaled(x[..Columns], Values.AsSpan(i * Columns, Columns), yi);
                continue;
            }

            for (var k = RowStart[i]; k < RowStart[i + 1]; k++)
            {
                x[ColumnIndex[k]] += Values[k] * yi;
            }
        }
    }

    /// <summary>
    /// xᵣ = Aᵀ yᵣ for every r, each bit for bit what <see cref="MultiplyTransposed(ReadOnlySpan{double}, Span{double})"/>
    /// computes for it (the same products, added to xᵣ in the same row order), with the matrix
    /// read once for the whole batch instead of once per vector: on a wide dense layer (784
    /// columns of an MNIST network) the matrix, not the arithmetic, is what a single product waits for.
    /// </summary>
    public void MultiplyTransposed(IReadOnlyList<double[]> ys, IReadOnlyList<double[]> xs)
    {
        ArgumentNullException.ThrowIfNull(ys);
        ArgumentNullException.ThrowIfNull(xs);
        for (var r = 0; r < xs.Count; r++)
        {
            xs[r].AsSpan(0, Columns).Clear();
        }

        for (var i = 0; i < Rows; i++)
        {
            for (var r = 0; r < ys.Count; r++)
            {
                var yi = ys[r][i];
                if (yi == 0)
                {
                    continue;
                }

                if (IsDense)
                {
                    DenseRows.AddScaled(xs[r].AsSpan(0, Columns), Values.AsSpan(i * Columns, Columns), yi);
                    continue;
                }

                var x = xs[r];
                for (var k = RowStart[i]; k < RowStart[i + 1]; k++)
                {
                    x[ColumnIndex[k]] += Values[k] * yi;
                }
            }
        }
    }

    private static bool HoldsEveryEntryInOrder(int rows, int columns, int[] columnIndex)
    {
        if ((long)rows * columns != columnIndex.Length)
        {
            return false;
        }

        for (var k = 0; k < columnIndex.Length; k++)
        {
            if (columnIndex[k] != k % columns)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The transpose, built once and cached (thread-safe: a race builds it twice).</summary>
    public SparseMatrix Transpose()
    {
        if (_transposed is { } t)
        {
            return t;
        }

        var counts = new int[Columns + 1];
        foreach (var c in ColumnIndex)
        {
            counts[c + 1]++;
        }

        for (var j = 0; j < Columns; j++)
        {
            counts[j + 1] += counts[j];
        }

        var next = (int[])counts.Clone();
        var idx = new int[NonZeros];
        var val = new double[NonZeros];
        for (var i = 0; i < Rows; i++)
        {
            for (var k = RowStart[i]; k < RowStart[i + 1]; k++)
            {
                var pos = next[ColumnIndex[k]]++;
                idx[pos] = i;
                val[pos] = Values[k];
            }
        }

        _transposed = new SparseMatrix(Columns, Rows, counts, idx, val) { _transposed = this };
        return _transposed;
    }

    /// <summary>The entries of row <paramref name="i"/>.</summary>
    public IEnumerable<(int Column, double Value)> Row(int i)
    {
        for (var k = RowStart[i]; k < RowStart[i + 1]; k++)
        {
            yield return (ColumnIndex[k], Values[k]);
        }
    }

    /// <summary>The product A·B of two sparse matrices (used to fuse consecutive linear layers).</summary>
    public SparseMatrix Multiply(SparseMatrix b)
    {
        if (Columns != b.Rows)
        {
            throw new ArgumentException("Inner dimensions differ.");
        }

        var start = new int[Rows + 1];
        var idx = new List<int>();
        var val = new List<double>();
        var acc = new double[b.Columns];
        var used = new bool[b.Columns];
        var touched = new List<int>();
        for (var i = 0; i < Rows; i++)
        {
            touched.Clear();
            for (var k = RowStart[i]; k < RowStart[i + 1]; k++)
            {
                var a = Values[k];
                var r = ColumnIndex[k];
                for (var m = b.RowStart[r]; m < b.RowStart[r + 1]; m++)
                {
                    var c = b.ColumnIndex[m];
                    if (!used[c])
                    {
                        used[c] = true;
                        touched.Add(c);
                    }

                    acc[c] += a * b.Values[m];
                }
            }

            touched.Sort();
            foreach (var c in touched)
            {
                if (acc[c] != 0)
                {
                    idx.Add(c);
                    val.Add(acc[c]);
                }

                acc[c] = 0;
                used[c] = false;
            }

            start[i + 1] = idx.Count;
        }

        return new SparseMatrix(Rows, b.Columns, start, idx.ToArray(), val.ToArray());
    }
}

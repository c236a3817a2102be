using ExactLip.BranchAndBound;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Mip;
using ExactLip.Network;
using ExactLip.Tests.Bounds;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.BranchAndBound;

/// <summary>
/// The compact region LP back-substitutes the rows of one layer together. Batching must not
/// change a single bit: each row's products and sums are those it has alone, so its rounding-
/// error bound, and the row loosened by it, are the same. The batched product is checked against
/// the single-vector product, and whole LPs against the LP built one row at a time.
/// </summary>
public class CompactRegionLpBatchTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void BatchedTransposedProduct_IsTheSingleProductBitForBit(bool dense)
    {
        var rng = new Random(dense ? 5 : 6);
        for (var trial = 0; trial < 20; trial++)
        {
            int rows = 1 + rng.Next(40), columns = 1 + rng.Next(90);
            var matrix = dense ? SparseMatrix.FromDense(rows, columns, Random(rng, rows * columns, 0)) : RandomSparse(rng, rows, columns);
            var ys = Enumerable.Range(0, 1 + rng.Next(9)).Select(_ => Random(rng, rows, 0.4)).ToArray();
            var xs = ys.Select(_ => Enumerable.Repeat(double.NaN, columns).ToArray()).ToArray();

            matrix.MultiplyTransposed(ys, xs);

            for (var r = 0; r < ys.Length; r++)
            {
                var alone = new double[columns];
                matrix.MultiplyTransposed(ys[r], alone);
                xs[r].Should().Equal(alone, (a, b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b), $"trial {trial}, vector {r}");
            }
        }
    }

    [Fact]
    public void CompactLp_BuiltInBatches_IsTheLpBuiltRowByRow()
    {
        var rng = new Random(41);
        var quantity = new JacobianQuantity(LipschitzQuantity.Scalar(Norm.Linf, new[] { 1.0 }), 1);
        int compared = 0, manyRows = 0;
        for (var trial = 0; trial < 12; trial++)
        {
            // Wide layers, so that one layer's rows fill more than one batch.
            var network = RandomNetworks.Mlp(rng, 12, trial % 2 == 0 ? new[] { 90, 70 } : new[] { 40, 80, 30 }, 1);
            var box = BoundPropagationTests.RandomBox(rng, 12, 0.3 + rng.NextDouble());
            var net = new PiecewiseLinearNetwork(network);
            var signs = new sbyte[net.Neurons];
            var root = DomainBounds.Compute(net, box, signs, linear: true, quantity, BranchingRule.LayerOrder)!;
            foreach (var g in root.Free)
            {
                signs[g] = (sbyte)(rng.Next(3) - 1);
            }

            var bounds = DomainBounds.Compute(net, box, signs, linear: trial % 3 != 0, quantity, BranchingRule.LayerOrder);
            if (bounds is null)
            {
                continue;
            }

            var last = RegionLp.LastFixedLayer(net, signs);
            var rowByRow = CompactRegionLp.Build(net, bounds, signs, last, rowsPerBatch: 1);
            foreach (var batch in new[] { 7, CompactRegionLp.RowsPerBatch, int.MaxValue })
            {
                ShouldBeTheSame(CompactRegionLp.Build(net, bounds, signs, last, batch), rowByRow, $"trial {trial}, batches of {batch}");
            }

            compared++;
            manyRows += rowByRow.Model.Rows.Count > CompactRegionLp.RowsPerBatch ? 1 : 0;
        }

        compared.Should().BeGreaterThan(6);
        manyRows.Should().BePositive("some LP must have more rows than one batch holds");
    }

    private static void ShouldBeTheSame(RegionModel actual, RegionModel expected, string because)
    {
        actual.Model.Variables.Should().Equal(expected.Model.Variables, because);
        actual.Model.Rows.Count.Should().Be(expected.Model.Rows.Count, because);
        for (var r = 0; r < expected.Model.Rows.Count; r++)
        {
            MipRow a = actual.Model.Rows[r], e = expected.Model.Rows[r];
            a.Name.Should().Be(e.Name, because);
            a.Columns.Should().Equal(e.Columns, because);
            Bits(a.Coefficients).Should().Equal(Bits(e.Coefficients), $"{because}, row {e.Name}");
            Bits(new[] { a.Lower, a.Upper }).Should().Equal(Bits(new[] { e.Lower, e.Upper }), $"{because}, row {e.Name}");
        }

        actual.Domain!.Value.Lower.Should().Equal(expected.Domain!.Value.Lower, because);
        actual.Domain!.Value.Upper.Should().Equal(expected.Domain!.Value.Upper, because);
    }

    private static long[] Bits(double[] values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();

    /// <summary>Uniform in [−1, 1], each entry 0 with probability <paramref name="zeros"/>.</summary>
    private static double[] Random(Random rng, int n, double zeros) =>
        Enumerable.Range(0, n).Select(_ => rng.NextDouble() < zeros ? 0 : (rng.NextDouble() * 2) - 1).ToArray();

    private static SparseMatrix RandomSparse(Random rng, int rows, int columns) =>
        SparseMatrix.FromRows(columns, Enumerable.Range(0, rows)
            .Select(_ => (IReadOnlyList<(int, double)>)Enumerable.Range(0, columns).Where(_ => rng.NextDouble() < 0.2).Select(c => (c, (rng.NextDouble() * 2) - 1)).ToList())
            .ToList());
}

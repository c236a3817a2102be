using ExactLip.Core;

namespace ExactLip.Network.Relaxation;

/// <summary>
/// Interval bounds on y = A x + b over a box of x that hold for the exact reals.
/// Implementation note: the lower end of yᵢ is the dot product Σₖ Aᵢₖ·(Aᵢₖ ≥ 0 ? lₖ : uₖ) + bᵢ,
/// the upper end the same with the ends swapped; the sign of each float64 coefficient picks the
/// extreme end exactly, so only the products and the sums round. Both sums have magnitudes at
/// most Σₖ|Aᵢₖ|·max(|lₖ|, |uₖ|) + |bᵢ|, whose float value gives both their error bounds
/// (<see cref="RoundingError.SumError"/>), and each end is rounded outward once more.
/// The centre/radius form used before rounds the centre and the radius themselves, so it can
/// miss the exact bound (far from the origin by the whole rounding of the centre).
/// </summary>
public static class AffineInterval
{
    /// <summary>Bounds on A x + b (no bias when <paramref name="bias"/> is null) for every x in <paramref name="input"/>.</summary>
    public static Box Of(SparseMatrix matrix, double[]? bias, Box input)
    {
        var lo = new double[matrix.Rows];
        var hi = new double[matrix.Rows];
        var magnitude = new double[input.Dimension];
        for (var j = 0; j < magnitude.Length; j++)
        {
            magnitude[j] = Math.Max(Math.Abs(input.Lo(j)), Math.Abs(input.Hi(j)));
        }

        var values = matrix.Values;
        var columns = matrix.ColumnIndex;
        var lower = input.Lower;
        var upper = input.Upper;
        for (var i = 0; i < lo.Length; i++)
        {
            double b = bias is null ? 0 : bias[i];
            double low = b, high = b, size = Math.Abs(b);
            for (var k = matrix.RowStart[i]; k < matrix.RowStart[i + 1]; k++)
            {
                var a = values[k];
                var j = columns[k];

                // Rounding is monotone, so min/max of the rounded products pick the ends the
                // sign of a picks (or equal values), without a branch on the sign.
                double atLow = a * lower[j], atHigh = a * upper[j];
                low += Math.Min(atLow, atHigh);
                high += Math.Max(atLow, atHigh);
                size += Math.Abs(a) * magnitude[j];
            }

            if (b == 0 && matrix.SignedUnitEntry(i) is not null)
            {
                // A copy (or negation) of one input computes nothing: its bounds are the input's,
                // so a carried ReLU output keeps its lower bound 0 and stays a stable neuron.
                lo[i] = low;
                hi[i] = high;
                continue;
            }

            var error = RoundingError.SumError(size, matrix.RowStart[i + 1] - matrix.RowStart[i] + 1);
            lo[i] = RoundingError.Down(low - error);
            hi[i] = RoundingError.Up(high + error);
        }

        return new Box(lo, hi);
    }
}

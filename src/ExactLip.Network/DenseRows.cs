using System.Numerics;

namespace ExactLip.Network;

/// <summary>Vector operations on contiguous rows of float64 numbers.</summary>
internal static class DenseRows
{
    /// <summary>
    /// target += scale · row, entry by entry: one product and one sum for each entry, rounded
    /// as the scalar expression target[i] + row[i]·scale is (vector multiply and add are IEEE
    /// operations lane by lane, and .NET never fuses them into one rounding).
    /// </summary>
    public static void AddScaled(Span<double> target, ReadOnlySpan<double> row, double scale)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && row.Length >= Vector<double>.Count)
        {
            var factor = new Vector<double>(scale);
            for (; i <= row.Length - Vector<double>.Count; i += Vector<double>.Count)
            {
                var sum = new Vector<double>(target[i..]) + (new Vector<double>(row[i..]) * factor);
                sum.CopyTo(target[i..]);
            }
        }

        for (; i < row.Length; i++)
        {
            target[i] += row[i] * scale;
        }
    }
}

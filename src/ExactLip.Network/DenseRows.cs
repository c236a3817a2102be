using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
        // Unchecked loads and stores within the checked length: this is the inner loop of every
        // back-substitution through a dense layer.
        var length = Math.Min(target.Length, row.Length);
        ref var t = ref MemoryMarshal.GetReference(target);
        ref var r = ref MemoryMarshal.GetReference(row);
        nuint i = 0;
        if (Vector.IsHardwareAccelerated && length >= Vector<double>.Count)
        {
            var factor = new Vector<double>(scale);
            var last = (nuint)(length - Vector<double>.Count);
            for (; i <= last; i += (nuint)Vector<double>.Count)
            {
                var sum = Vector.LoadUnsafe(ref t, i) + (Vector.LoadUnsafe(ref r, i) * factor);
                sum.StoreUnsafe(ref t, i);
            }
        }

        for (; i < (nuint)length; i++)
        {
            Unsafe.Add(ref t, i) += Unsafe.Add(ref r, i) * scale;
        }
    }
}

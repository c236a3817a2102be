using System.Runtime.CompilerServices;
using ExactLip.Network.Layers;

namespace ExactLip.Network;

/// <summary>
/// Neurons of one layer whose pre-activations are exactly proportional as functions (duplicated,
/// mirrored or scaled rows of the same affine layer, bias included) or identically constant
/// (a zero row). A sign pattern that gives two of them incompatible signs, or a constant one
/// the wrong sign, has no interior point: decided here exactly, with no LP.
/// Implementation note: such patterns are the measure-zero regions an LP cannot refute in
/// float64 — relu(x) − relu(−x) has "both active" only at x = 0, where the region LP's maximum
/// margin is exactly 0 — and they are what real networks with duplicated or mirrored neurons
/// produce. Rows are bucketed by their sparsity and a coarse key of their ratios, then compared
/// exactly: row i = α·row r when every α·rₖ = iₖ with no rounding (a fused multiply-add of
/// α·rₖ − iₖ is exactly 0).
/// </summary>
public static class CoincidentNeurons
{
    private static readonly ConditionalWeakTable<LinearLayer, Classes> Cache = new();

    /// <summary>
    /// True when the signs (+1 active, −1 inactive, 0 undecided) of the neurons fed by
    /// <paramref name="feeding"/> can hold together strictly; false when two exactly proportional
    /// pre-activations, or a constant one, rule them out.
    /// </summary>
    public static bool Consistent(LinearLayer feeding, ReadOnlySpan<sbyte> signs)
    {
        ArgumentNullException.ThrowIfNull(feeding);
        var classes = Cache.GetValue(feeding, Build);
        if (classes.Trivial)
        {
            return true;
        }

        var required = new sbyte[signs.Length];
        for (var i = 0; i < signs.Length; i++)
        {
            var sign = signs[i];
            if (sign == 0)
            {
                continue;
            }

            var representative = classes.Representative[i];
            if (representative < 0)
            {
                // Identically the bias: its sign is fixed, and 0 has none.
                if (Math.Sign(feeding.Bias[i]) != sign)
                {
                    return false;
                }

                continue;
            }

            var wanted = (sbyte)(sign * classes.Orientation[i]);
            if (required[representative] != 0 && required[representative] != wanted)
            {
                return false;
            }

            required[representative] = wanted;
        }

        return true;
    }

    /// <summary>
    /// The neurons fed by <paramref name="feeding"/> whose pre-activation is exactly a multiple
    /// of an earlier one's: (neuron, that earlier twin, the sign of the factor).
    /// </summary>
    public static IEnumerable<(int Neuron, int Twin, int Orientation)> Links(LinearLayer feeding)
    {
        ArgumentNullException.ThrowIfNull(feeding);
        var classes = Cache.GetValue(feeding, Build);
        for (var i = 0; i < classes.Representative.Length; i++)
        {
            var r = classes.Representative[i];
            if (r >= 0 && r != i)
            {
                yield return (i, r, classes.Orientation[i]);
            }
        }
    }

    /// <summary>
    /// For each row: the first row it is exactly proportional to (itself when none), with the
    /// sign of the factor; −1 for a zero row, whose pre-activation is its bias.
    /// </summary>
    private sealed record Classes(int[] Representative, sbyte[] Orientation, bool Trivial);

    private static Classes Build(LinearLayer layer)
    {
        var m = layer.Matrix;
        var representative = new int[m.Rows];
        var orientation = new sbyte[m.Rows];
        var buckets = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var trivial = true;
        for (var i = 0; i < m.Rows; i++)
        {
            representative[i] = i;
            orientation[i] = 1;
            if (m.RowStart[i] == m.RowStart[i + 1])
            {
                representative[i] = -1;
                trivial = false;
                continue;
            }

            var key = Key(m, i);
            if (!buckets.TryGetValue(key, out var members))
            {
                buckets[key] = new List<int> { i };
                continue;
            }

            foreach (var r in members)
            {
                if (Factor(m, layer.Bias, r, i) is { } alpha)
                {
                    representative[i] = r;
                    orientation[i] = (sbyte)Math.Sign(alpha);
                    trivial = false;
                    break;
                }
            }

            if (representative[i] == i)
            {
                members.Add(i);
            }
        }

        return new Classes(representative, orientation, trivial);
    }

    /// <summary>The columns, and the ratios of the first few entries to the first rounded to 24 bits.</summary>
    private static string Key(SparseMatrix m, int i)
    {
        var start = m.RowStart[i];
        var first = m.Values[start];
        var key = new System.Text.StringBuilder();
        for (var k = start; k < m.RowStart[i + 1]; k++)
        {
            key.Append(m.ColumnIndex[k]).Append(',');
            if (k < start + 4)
            {
                var ratio = Math.Abs(m.Values[k] / first);
                key.Append(BitConverter.DoubleToInt64Bits(ratio) >> 28).Append(';');
            }
        }

        return key.ToString();
    }

    /// <summary>α with row i = α·row r and bias i = α·bias r exactly, or null.</summary>
    private static double? Factor(SparseMatrix m, double[] bias, int r, int i)
    {
        var count = m.RowStart[r + 1] - m.RowStart[r];
        if (count != m.RowStart[i + 1] - m.RowStart[i])
        {
            return null;
        }

        var alpha = m.Values[m.RowStart[i]] / m.Values[m.RowStart[r]];
        if (alpha == 0 || !double.IsFinite(alpha) || !ExactProduct(alpha, bias[r], bias[i]))
        {
            return null;
        }

        for (var k = 0; k < count; k++)
        {
            var kr = m.RowStart[r] + k;
            var ki = m.RowStart[i] + k;
            if (m.ColumnIndex[kr] != m.ColumnIndex[ki] || !ExactProduct(alpha, m.Values[kr], m.Values[ki]))
            {
                return null;
            }
        }

        return alpha;
    }

    /// <summary>
    /// a·b = c exactly: for c = 0 only when a factor is 0; else the fused a·b − c has one rounding,
    /// so it is 0 only when the exact value is, away from the subnormal range (refused there: a
    /// residual below the smallest subnormal would round to 0).
    /// </summary>
    private static bool ExactProduct(double a, double b, double c) =>
        c == 0 ? a == 0 || b == 0 : Math.Abs(c) > 1e-290 && Math.FusedMultiplyAdd(a, b, -c) == 0;
}

using ExactLip.Core;
using ExactLip.Network;
using ExactLip.Network.Layers;

namespace ExactLip.Tests.Bounds.Exact;

/// <summary>
/// The exact real-number evaluation of a network of linear and ReLU layers whose weights are
/// the float64 numbers stored: the reference that every bound must contain.
/// </summary>
internal static class ExactEvaluation
{
    /// <summary>The exact input of every layer and the output (element 0: x itself).</summary>
    public static Rational[][] ForwardAll(NeuralNetwork network, IReadOnlyList<double> x)
    {
        var acts = new Rational[network.Layers.Count + 1][];
        acts[0] = x.Select(v => (Rational)v).ToArray();
        for (var k = 0; k < network.Layers.Count; k++)
        {
            acts[k + 1] = network.Layers[k] switch
            {
                LinearLayer linear => Affine(linear.Matrix, linear.Bias, acts[k]),
                ReluLayer => acts[k].Select(z => z.Sign > 0 ? z : Rational.Zero).ToArray(),
                var other => throw new NotSupportedException($"No exact reference for {other.Kind}."),
            };
        }

        return acts;
    }

    /// <summary>The exact gradient of cᵀf at x, with ReLU′(0) = 0 as in the evaluator.</summary>
    public static Rational[] Gradient(NeuralNetwork network, IReadOnlyList<double> x, IReadOnlyList<double> c)
    {
        var acts = ForwardAll(network, x);
        var g = c.Select(v => (Rational)v).ToArray();
        for (var k = network.Layers.Count - 1; k >= 0; k--)
        {
            g = network.Layers[k] switch
            {
                LinearLayer linear => Transposed(linear.Matrix, g),
                ReluLayer => g.Select((v, i) => acts[k][i].Sign > 0 ? v : Rational.Zero).ToArray(),
                var other => throw new NotSupportedException($"No exact reference for {other.Kind}."),
            };
        }

        return g;
    }

    /// <summary>A x + b exactly.</summary>
    public static Rational[] Affine(SparseMatrix a, IReadOnlyList<double>? b, IReadOnlyList<Rational> x)
    {
        var y = new Rational[a.Rows];
        for (var i = 0; i < a.Rows; i++)
        {
            var acc = b is null ? Rational.Zero : (Rational)b[i];
            foreach (var (column, value) in a.Row(i))
            {
                acc += (Rational)value * x[column];
            }

            y[i] = acc;
        }

        return y;
    }

    /// <summary>The exact range of each coordinate of A x + b over the box.</summary>
    public static (Rational Lo, Rational Hi)[] AffineRange(SparseMatrix a, IReadOnlyList<double>? b, Box box)
    {
        var range = new (Rational, Rational)[a.Rows];
        for (var i = 0; i < a.Rows; i++)
        {
            Rational lo = b is null ? Rational.Zero : (Rational)b[i], hi = lo;
            foreach (var (column, value) in a.Row(i))
            {
                Rational w = value, l = box.Lo(column), u = box.Hi(column);
                lo += value >= 0 ? w * l : w * u;
                hi += value >= 0 ? w * u : w * l;
            }

            range[i] = (lo, hi);
        }

        return range;
    }

    private static Rational[] Transposed(SparseMatrix a, IReadOnlyList<Rational> y)
    {
        var x = Enumerable.Repeat(Rational.Zero, a.Columns).ToArray();
        for (var i = 0; i < a.Rows; i++)
        {
            foreach (var (column, value) in a.Row(i))
            {
                x[column] += (Rational)value * y[i];
            }
        }

        return x;
    }
}

using System.Text;
using ExactLip.Core;
using ExactLip.Network.Layers;

namespace ExactLip.Network;

/// <summary>
/// A point proven to lie in the interior of one activation region of a network: every ReLU input
/// there is nonzero by more than its floating-point error bound, and every max-pooling window has
/// a unique winner by more than its error. The network is therefore one affine map on an open
/// neighbourhood of the point, and the gradient computed there is the gradient of that map —
/// unlike at a kink, where a backward pass with ReLU′(0) = 0 can produce a vector no region has
/// (3·relu(x+1) − 2·relu(x) + 2·relu(−x) = x + 3 gives 3 at x = 0; its slope is 1 everywhere).
/// Implementation note: each layer carries, beside its float64 values, a bound on their distance
/// to the exact values (Layer.ForwardWithError); the backward pass does the same, so the
/// gradient comes with an element-wise error bound and its norms with rigorous lower bounds.
/// </summary>
public sealed class InteriorPoint
{
    private readonly NeuralNetwork _network;
    private readonly double[][] _values;

    private InteriorPoint(NeuralNetwork network, double[][] values)
    {
        _network = network;
        _values = values;
    }

    /// <summary>The point (exact: it is the input).</summary>
    public double[] X => _values[0];

    /// <summary>The point's region, proven; null when the point is on or within rounding of a kink.</summary>
    public static InteriorPoint? TryProve(NeuralNetwork network, ReadOnlySpan<double> x)
    {
        ArgumentNullException.ThrowIfNull(network);
        Preconditions.Length(x.Length, network.InputSize, "The input point");
        foreach (var v in x)
        {
            if (!double.IsFinite(v))
            {
                return null;
            }
        }

        var values = new double[network.Layers.Count + 1][];
        var current = new PointEnclosure(x);
        values[0] = current.Value;
        for (var k = 0; k < network.Layers.Count; k++)
        {
            var next = new PointEnclosure(network.Layers[k].OutputSize);
            if (!network.Layers[k].ForwardWithError(current, next))
            {
                return null;
            }

            values[k + 1] = next.Value;
            current = next;
        }

        return new InteriorPoint(network, values);
    }

    /// <summary>The output f(x) by the float64 evaluator.</summary>
    public double[] Output => _values[^1];

    /// <summary>
    /// The gradient of cᵀf at the point and an element-wise bound on its distance to the exact
    /// gradient (c is taken as exact).
    /// </summary>
    public (double[] Gradient, double[] Error) Gradient(ReadOnlySpan<double> c)
    {
        Preconditions.Length(c.Length, _network.OutputSize, "The output weights c");
        var g = c.ToArray();
        var e = new double[g.Length];
        for (var k = _network.Layers.Count - 1; k >= 0; k--)
        {
            var layer = _network.Layers[k];
            var dx = new double[layer.InputSize];
            var dxError = new double[layer.InputSize];
            layer.BackwardWithError(_values[k], g, e, dx, dxError);
            g = dx;
            e = dxError;
        }

        return (g, e);
    }

    /// <summary>A lower bound, valid in exact arithmetic, on ‖∇(cᵀf)(x)‖ in the given norm.</summary>
    public double GradientNormLowerBound(ReadOnlySpan<double> c, Norm norm)
    {
        var (g, e) = Gradient(c);
        return NormLowerBound(g, e, norm);
    }

    /// <summary>A lower bound on ‖v‖ over every v within <paramref name="error"/> of <paramref name="value"/>.</summary>
    public static double NormLowerBound(ReadOnlySpan<double> value, ReadOnlySpan<double> error, Norm norm)
    {
        double acc = 0;
        var n = value.Length;
        for (var i = 0; i < n; i++)
        {
            // |v̂ᵢ| ≥ |vᵢ| − errorᵢ; the subtraction rounds by at most u of its result.
            var least = Math.Max(0, Math.BitDecrement(Math.Abs(value[i]) - error[i]));
            acc = norm switch
            {
                Norm.L1 => acc + least,
                Norm.L2 => acc + (least * least),
                _ => Math.Max(acc, least),
            };
        }

        return norm switch
        {
            Norm.L1 => RoundingError.NonNegativeSumDown(acc, n),
            Norm.L2 => Math.Max(0, RoundingError.Down(Math.Sqrt(RoundingError.NonNegativeSumDown(acc, n)))),
            _ => acc,
        };
    }

    /// <summary>
    /// The region the point lies in, one string per layer that decides it: for a ReLU layer '+'
    /// (active) or '-' (inactive) per neuron, for max pooling the winning tap's position in each
    /// window (base 36).
    /// </summary>
    public IReadOnlyList<string> Pattern()
    {
        var pattern = new List<string>();
        for (var k = 0; k < _network.Layers.Count; k++)
        {
            var input = _values[k];
            switch (_network.Layers[k])
            {
                case ReluLayer:
                    pattern.Add(string.Create(input.Length, input, (span, z) =>
                    {
                        for (var i = 0; i < span.Length; i++)
                        {
                            span[i] = z[i] > 0 ? '+' : '-';
                        }
                    }));
                    break;
                case MaxPool2dLayer pool:
                    var text = new StringBuilder(pool.Windows.Count);
                    foreach (var window in pool.Windows)
                    {
                        var taps = window.ToArray();
                        text.Append(Base36(MaxPool2dLayer.ArgMax(taps, input)));
                    }

                    pattern.Add(text.ToString());
                    break;
            }
        }

        return pattern;
    }

    private static char Base36(int digit) => digit < 10 ? (char)('0' + digit) : digit < 36 ? (char)('a' + digit - 10) : '?';
}

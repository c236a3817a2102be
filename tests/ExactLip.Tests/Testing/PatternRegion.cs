using ExactLip.Network;
using ExactLip.Network.Layers;

namespace ExactLip.Tests;

/// <summary>The region of one activation pattern as the oracle's LP states it.</summary>
public static class PatternRegion
{
    /// <summary>
    /// The affine rows s·(a·x + d) of every neuron of a full activation pattern (on(k, i): neuron i
    /// of ReLU layer k is active; off, a leaky neuron gives α times its input), composed layer by layer along the pattern, in the form of
    /// <see cref="RegionOracle.HasInterior"/> (all rows ≥ a positive margin).
    /// </summary>
    public static List<(double[] A, double D)> Constraints(NeuralNetwork net, Func<int, int, bool> on)
    {
        var n = net.InputSize;
        var a = Enumerable.Range(0, n).Select(i => Enumerable.Range(0, n).Select(j => i == j ? 1.0 : 0).ToArray()).ToArray();
        var d = new double[n];
        var rows = new List<(double[] A, double D)>();
        for (var k = 0; k < net.Layers.Count; k++)
        {
            if (net.Layers[k] is LinearLayer linear)
            {
                (a, d) = Compose(linear, a, d);
                continue;
            }

            // An off neuron's output is α·z (0 for ReLU).
            var alpha = net.Layers[k] is ReluLayer relu ? relu.NegativeSlope : 0;
            for (var i = 0; i < a.Length; i++)
            {
                var s = on(k, i) ? 1.0 : -1.0;
                rows.Add((a[i].Select(v => s * v).ToArray(), s * d[i]));
                if (s < 0)
                {
                    a[i] = a[i].Select(v => alpha * v).ToArray();
                    d[i] = alpha * d[i];
                }
            }
        }

        return rows;
    }

    /// <summary>The affine map x ↦ W(a·x + d) + b of a linear layer after the affine rows (a, d) over the inputs.</summary>
    public static (double[][] A, double[] D) Compose(LinearLayer linear, double[][] a, double[] d)
    {
        var n = a.Length == 0 ? 0 : a[0].Length;
        var na = new double[linear.OutputSize][];
        var nd = new double[linear.OutputSize];
        for (var i = 0; i < na.Length; i++)
        {
            na[i] = new double[n];
            nd[i] = linear.Bias[i];
            foreach (var (col, w) in linear.Matrix.Row(i))
            {
                for (var j = 0; j < n; j++)
                {
                    na[i][j] += w * a[col][j];
                }

                nd[i] += w * d[col];
            }
        }

        return (na, nd);
    }
}

using ExactLip.Core;
using ExactLip.Network;
using ExactLip.Network.Layers;

namespace ExactLip.Tests;

/// <summary>
/// The independent exact oracle: enumerates every activation region of a small ReLU network
/// that has interior inside the box (depth-first over neurons, each branch checked by an LP
/// with a strict margin), and returns the Jacobian of each region. The Lipschitz constant of any
/// quantity is then the largest of its values over these Jacobians.
/// Shares nothing with the MIP path but the layers' matrices and biases.
/// </summary>
public static class RegionOracle
{
    private const double Margin = 1e-9;

    /// <summary>The Jacobians (outputs × inputs) of all regions with interior in the box.</summary>
    public static List<double[][]> RegionJacobians(NeuralNetwork network, Box box)
    {
        var n = network.InputSize;
        var result = new List<double[][]>();
        var identity = new double[n][];
        for (var i = 0; i < n; i++)
        {
            identity[i] = new double[n];
            identity[i][i] = 1;
        }

        // Affine state: current values = A x + d, with constraints collected so far.
        Explore(network, box, 0, identity, new double[n], new List<(double[] A, double D)>(), result);
        return result;
    }

    private static void Explore(NeuralNetwork network, Box box, int layer, double[][] a, double[] d, List<(double[] A, double D)> constraints, List<double[][]> result)
    {
        if (layer == network.Layers.Count)
        {
            result.Add(a);
            return;
        }

        switch (network.Layers[layer])
        {
            case LinearLayer linear:
                {
                    var m = linear.OutputSize;
                    var na = new double[m][];
                    var nd = new double[m];
                    for (var i = 0; i < m; i++)
                    {
                        na[i] = new double[box.Dimension];
                        nd[i] = linear.Bias[i];
                        foreach (var (col, w) in linear.Matrix.Row(i))
                        {
                            for (var k = 0; k < box.Dimension; k++)
                            {
                                na[i][k] += w * a[col][k];
                            }

                            nd[i] += w * d[col];
                        }
                    }

                    Explore(network, box, layer + 1, na, nd, constraints, result);
                    return;
                }

            case ReluLayer relu:
                Branch(network, box, layer, a, d, 0, new bool[a.Length], constraints, result, relu.NegativeSlope);
                return;

            default:
                throw new NotSupportedException("The oracle handles linear and ReLU layers.");
        }
    }

    private static void Branch(NeuralNetwork network, Box box, int layer, double[][] a, double[] d, int neuron, bool[] active, List<(double[] A, double D)> constraints, List<double[][]> result, double alpha)
    {
        if (neuron == a.Length)
        {
            var na = new double[a.Length][];
            var nd = new double[a.Length];
            for (var i = 0; i < a.Length; i++)
            {
                na[i] = active[i] ? a[i] : a[i].Select(v => alpha * v).ToArray();
                nd[i] = active[i] ? d[i] : alpha * d[i];
            }

            Explore(network, box, layer + 1, na, nd, constraints, result);
            return;
        }

        if (d[neuron] == 0 && Array.TrueForAll(a[neuron], v => v == 0))
        {
            // Identically 0 on this region (a ReLU output carried past another ReLU, where its
            // own ReLU is off): no strict sign, and the output and its derivative are 0 either way.
            active[neuron] = false;
            Branch(network, box, layer, a, d, neuron + 1, active, constraints, result, alpha);
            return;
        }

        foreach (var on in new[] { true, false })
        {
            // on: a·x + d ≥ margin  ⇔  (−a)·x + (−d) ≤ 0 with margin; stored as s·(a·x + d) ≥ δ.
            var s = on ? 1.0 : -1.0;
            var row = a[neuron].Select(v => s * v).ToArray();
            constraints.Add((row, s * d[neuron]));
            if (HasInterior(box, constraints))
            {
                active[neuron] = on;
                Branch(network, box, layer, a, d, neuron + 1, active, constraints, result, alpha);
            }

            constraints.RemoveAt(constraints.Count - 1);
        }
    }

    /// <summary>Max δ s.t. every constraint row·x + D ≥ δ over the box; interior iff δ &gt; margin.</summary>
    public static bool HasInterior(Box box, List<(double[] A, double D)> constraints)
    {
        var n = box.Dimension;
        // Variables y = x − lo (n) and δ; maximise δ.
        var c = new double[n + 1];
        c[n] = 1;
        var rows = new List<double[]>();
        var rhs = new List<double>();
        for (var i = 0; i < n; i++)
        {
            var r = new double[n + 1];
            r[i] = 1;
            rows.Add(r);
            rhs.Add(box.Width(i));
        }

        var cap = new double[n + 1];
        cap[n] = 1;
        rows.Add(cap);
        rhs.Add(1);
        foreach (var (a, d0) in constraints)
        {
            // a·(y + lo) + d ≥ δ  ⇔  −a·y + δ ≤ a·lo + d
            var r = new double[n + 1];
            double shift = d0;
            for (var i = 0; i < n; i++)
            {
                r[i] = -a[i];
                shift += a[i] * box.Lo(i);
            }

            r[n] = 1;
            rows.Add(r);
            rhs.Add(shift);
        }

        var solved = DenseSimplex.Maximize(c, rows.ToArray(), rhs.ToArray());
        return solved is { } s && s.Value > Margin;
    }
}

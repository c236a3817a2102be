using ExactLip.Core;
using ExactLip.Network.Layers;

namespace ExactLip.Network;

/// <summary>
/// A feed-forward network: a chain of layers from one sample's input to its output, evaluated
/// in float64. This is the plain evaluator every certified lower bound is recomputed with.
/// Immutable and thread-safe.
/// </summary>
public sealed class NeuralNetwork
{
    public NeuralNetwork(string name, IReadOnlyList<Layer> layers, Shape? inputShape = null)
    {
        if (layers.Count == 0 && inputShape is null)
        {
            throw new ArgumentException("A network without layers needs an input shape.");
        }

        for (var k = 1; k < layers.Count; k++)
        {
            if (layers[k].InputSize != layers[k - 1].OutputSize)
            {
                throw new ArgumentException($"Layer {k} ({layers[k].Kind}) takes {layers[k].InputSize} values but layer {k - 1} ({layers[k - 1].Kind}) gives {layers[k - 1].OutputSize}.");
            }
        }

        Name = name;
        Layers = layers;
        InputShape = inputShape ?? layers[0].InputShape;
        if (layers.Count > 0 && layers[0].InputSize != InputShape.Size)
        {
            throw new ArgumentException($"The input shape {InputShape} does not match the first layer's input {layers[0].InputShape}.");
        }
    }

    public string Name { get; }

    public IReadOnlyList<Layer> Layers { get; }

    public Shape InputShape { get; }

    public Shape OutputShape => Layers.Count == 0 ? InputShape : Layers[^1].OutputShape;

    public int InputSize => InputShape.Size;

    public int OutputSize => OutputShape.Size;

    /// <summary>Number of ReLU neurons (hidden units that can switch).</summary>
    public int ReluNeurons => Layers.OfType<ReluLayer>().Sum(l => l.InputSize);

    public double[] Forward(ReadOnlySpan<double> x) => ForwardAll(x)[^1];

    /// <summary>The activations: element 0 is the input, element k+1 the output of layer k.</summary>
    public double[][] ForwardAll(ReadOnlySpan<double> x)
    {
        Preconditions.Length(x.Length, InputSize, "The input point");
        var acts = new double[Layers.Count + 1][];
        acts[0] = x.ToArray();
        for (var k = 0; k < Layers.Count; k++)
        {
            acts[k + 1] = new double[Layers[k].OutputSize];
            Layers[k].Forward(acts[k], acts[k + 1]);
        }

        return acts;
    }

    /// <summary>∇ₓ(cᵀf)(x) by back-propagation, with ReLU′(0) = 0.</summary>
    public double[] Gradient(ReadOnlySpan<double> x, ReadOnlySpan<double> c) => Backward(ForwardAll(x), c);

    /// <summary>Back-propagates an output cotangent through stored activations.</summary>
    public double[] Backward(double[][] activations, ReadOnlySpan<double> c)
    {
        Preconditions.Length(c.Length, OutputSize, "The output weights c");
        var g = c.ToArray();
        for (var k = Layers.Count - 1; k >= 0; k--)
        {
            var dx = new double[Layers[k].InputSize];
            Layers[k].Backward(activations[k], g, dx);
            g = dx;
        }

        return g;
    }

    /// <summary>The Jacobian J (OutputSize × InputSize) at x, one backward pass per output.</summary>
    public double[][] Jacobian(ReadOnlySpan<double> x)
    {
        var acts = ForwardAll(x);
        var rows = new double[OutputSize][];
        var e = new double[OutputSize];
        for (var j = 0; j < OutputSize; j++)
        {
            e[j] = 1;
            rows[j] = Backward(acts, e);
            e[j] = 0;
        }

        return rows;
    }

    /// <summary>
    /// An equivalent network for bounding and encoding: consecutive linear layers fused into
    /// one affine layer where that is exact (flatten, reshape, transpose, padding and selections
    /// only move values, and the split of a LeakyRelu only negates them, so fusing them with a
    /// dense layer copies its weights), so the MIP has one
    /// variable per neuron rather than one per operator.
    /// Implementation note: a fused product of two general matrices (input normalisation then a
    /// dense layer) is rounded, so it would be a slightly different network than the one read,
    /// and a proof about it would not be a proof about the model; such layers stay apart.
    /// </summary>
    /// <param name="fuseRounded">
    /// Also fuse general products, rounded: for estimators, whose chains of layers need one affine
    /// map between ReLUs and whose bounds are not proofs about the float64 network.
    /// </param>
    public NeuralNetwork Simplify(bool fuseRounded = false)
    {
        var result = new List<Layer>();
        LinearLayer? pending = null;
        foreach (var layer in Layers)
        {
            if (layer is LinearLayer linear)
            {
                if (!fuseRounded && pending is not null && !FusesExactly(pending, linear))
                {
                    result.Add(pending);
                    pending = null;
                }

                pending = pending is null ? linear : Fuse(pending, linear);
                continue;
            }

            if (pending is not null)
            {
                result.Add(pending);
                pending = null;
            }

            result.Add(layer);
        }

        if (pending is not null)
        {
            result.Add(pending);
        }

        return new NeuralNetwork(Name, result, InputShape);
    }

    /// <summary>
    /// True when the product of the two affine maps (matrix and bias) is computed without
    /// rounding: when the second only moves values (each of its rows copies or negates one row of
    /// the first), or the first does and reads each input at most once (each entry of the product
    /// is then an entry of the second, or its negation).
    /// </summary>
    private static bool FusesExactly(LinearLayer first, LinearLayer second) =>
        MovesValuesOnly(second) || (MovesValuesOnly(first) && ReadsEachInputOnce(first.Matrix));

    /// <summary>
    /// True for a layer whose every output is one input, its negation or 0 (entries ±1, at most
    /// one per row, no bias): a product with it only selects entries and flips signs, exactly.
    /// </summary>
    private static bool MovesValuesOnly(LinearLayer layer)
    {
        var m = layer.Matrix;
        for (var i = 0; i < m.Rows; i++)
        {
            if (m.RowStart[i + 1] - m.RowStart[i] > 1 || layer.Bias[i] != 0)
            {
                return false;
            }
        }

        return Array.TrueForAll(m.Values, v => v is 1 or -1);
    }

    private static bool ReadsEachInputOnce(SparseMatrix m) =>
        m.ColumnIndex.Distinct().Count() == m.ColumnIndex.Length;

    private static AffineLayer Fuse(LinearLayer first, LinearLayer second)
    {
        var matrix = second.Matrix.Multiply(first.Matrix);
        var bias = new double[second.OutputSize];
        second.Forward(first.Bias, bias);
        return new AffineLayer(first.InputShape, second.OutputShape, matrix, bias);
    }

    public override string ToString() => $"{Name}: {InputShape} -> {OutputShape}, {Layers.Count} layers, {ReluNeurons} ReLU neurons";
}

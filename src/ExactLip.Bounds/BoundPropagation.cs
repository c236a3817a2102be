using ExactLip.Core;
using ExactLip.Network;
using ExactLip.Network.Relaxation;

namespace ExactLip.Bounds;

/// <summary>
/// Computes <see cref="NetworkBounds"/>: forward bounds on every activation by interval
/// arithmetic or by backward linear bound propagation, then interval bounds on the
/// back-propagated gradient signal given bounds on the output weights c.
/// Implementation note: linear bounds are computed only where they pay, on the output of a
/// linear layer (the pre-activations that decide which neurons are stable and how large every
/// big-M is); a nonlinear layer's output is bounded by its interval transfer of those tight
/// inputs. Every linear bound is intersected with the interval bound, so the result is never
/// looser than interval arithmetic.
/// </summary>
public static class BoundPropagation
{
    public static NetworkBounds Compute(NeuralNetwork network, Box input, Box outputWeights, BoundsMethod method)
    {
        Preconditions.Length(input.Dimension, network.InputSize, "The input box");
        var activations = Forward(network, input, method);
        var gradients = Backward(network, activations, outputWeights, method);
        return new NetworkBounds(network, method, activations, gradients);
    }

    /// <summary>Bounds on the input of every layer and on the output.</summary>
    public static Box[] Forward(NeuralNetwork network, Box input, BoundsMethod method)
    {
        var acts = new Box[network.Layers.Count + 1];
        acts[0] = input;
        ForwardFrom(network, acts, 0, method);
        return acts;
    }

    /// <summary>
    /// Recomputes the bounds on the outputs of layers <paramref name="first"/> onwards from the
    /// bounds already in <paramref name="acts"/>, intersecting with what is there (used after
    /// some bounds were tightened by other means).
    /// </summary>
    public static void ForwardFrom(NeuralNetwork network, Box[] acts, int first, BoundsMethod method)
    {
        ArgumentNullException.ThrowIfNull(network);
        Propagate(network.Layers, acts, first, method);
    }

    /// <summary>
    /// The one forward driver: bounds the output of every layer from <paramref name="first"/> on,
    /// each from the bounds on its input, by interval arithmetic and, unless
    /// <paramref name="method"/> is interval, by back-substitution (<see cref="LinearBounds"/>) on
    /// the output of a linear layer; intersected with bounds already in <paramref name="acts"/>.
    /// </summary>
    /// <param name="afterLayer">
    /// Called with a layer's index and its output bounds before they are stored and used further:
    /// it returns the bounds to keep (branch and bound applies a sub-domain's fixed signs there),
    /// or null when they show that no point is left, which ends the propagation. A caller that
    /// gives it bounds a part of the box that may have no point, so two bounds on one value that
    /// cross end the propagation too (<see cref="Box.TryIntersect(Box)"/>); without it the bounds
    /// are over the whole box, which has points, and <see cref="Box.Intersect(Box)"/> applies.
    /// </param>
    /// <param name="linearOnOutput">False to bound the network's output by intervals only (a caller that never reads it).</param>
    /// <returns>False when <paramref name="afterLayer"/> ended the propagation or two bounds crossed.</returns>
    public static bool Propagate(IReadOnlyList<Layer> layers, Box[] acts, int first, BoundsMethod method, Func<int, Box, Box?>? afterLayer = null, bool linearOnOutput = true)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(acts);
        var mayBeEmpty = afterLayer is not null;
        Box? Meet(Box box, Box other) => mayBeEmpty ? box.TryIntersect(other) : box.Intersect(other);
        for (var k = first; k < layers.Count; k++)
        {
            Box? box = layers[k].ForwardInterval(acts[k]);
            if (method != BoundsMethod.Interval && layers[k].IsLinear && k > 0 && (linearOnOutput || k + 1 < layers.Count) && !FeedsLinear(layers, k))
            {
                var rows = ComputedRows(layers[k]);
                if (rows.Length == layers[k].OutputSize)
                {
                    box = Meet(box, LinearBounds(layers, acts, k));
                }
                else if (rows.Length > 0)
                {
                    var tighter = LinearBounds(layers, acts, k, rows);
                    box = mayBeEmpty ? box.TryIntersect(rows, tighter) : box.Intersect(rows, tighter);
                }
            }

            if (box is not null && acts[k + 1] is { } old)
            {
                box = Meet(box, old);
            }

            if (box is null)
            {
                return false;
            }

            if (afterLayer is not null)
            {
                if (afterLayer(k, box) is not { } kept)
                {
                    return false;
                }

                box = kept;
            }

            acts[k + 1] = box;
        }

        return true;
    }

    /// <summary>
    /// True when layer k's output is the input of another linear layer: its bounds then decide
    /// no neuron's stability and size no big-M (the next layer's output does), and only bound
    /// rounding terms in back-substitution, so interval bounds serve, and the linear bounds are
    /// spent where they pay (a residual block's two branches before their sum, a
    /// normalisation before a dense layer).
    /// </summary>
    public static bool FeedsLinear(IReadOnlyList<Layer> layers, int k) => k + 1 < layers.Count && layers[k + 1].IsLinear;

    /// <summary>
    /// The outputs of a linear layer that compute something: all but the copies of one input (a
    /// single entry 1, no bias), whose interval bound is already the bound on what they copy
    /// (a tensor carried past an operation, <c>LiveTensors</c> in the importer), so a
    /// back-substitution would only repeat the work done for it.
    /// </summary>
    private static int[] ComputedRows(Layer layer)
    {
        if (layer is not Network.Layers.LinearLayer linear)
        {
            return Enumerable.Range(0, layer.OutputSize).ToArray();
        }

        var m = linear.Matrix;
        var rows = new List<int>(m.Rows);
        for (var i = 0; i < m.Rows; i++)
        {
            var copy = linear.Bias[i] == 0 && m.SignedUnitEntry(i) == 1;
            if (!copy)
            {
                rows.Add(i);
            }
        }

        return rows.ToArray();
    }

    /// <summary>
    /// Bounds on the output of layer <paramref name="k"/> by back-substitution through layers
    /// k, k−1, …, 0 using the bounds already known on their inputs (CROWN); branch and bound
    /// calls it with a sub-domain's bounds.
    /// </summary>
    public static Box LinearBounds(IReadOnlyList<Layer> layers, Box[] acts, int k) =>
        LinearBounds(layers, acts, k, Enumerable.Range(0, layers[k].OutputSize).ToArray());

    /// <summary>
    /// Bounds on the outputs <paramref name="rows"/> of layer <paramref name="k"/> only (coordinate
    /// t of the result bounds output rows[t]): each row's back-substitution is independent of the
    /// others, so each is the same as in the bounds on every output.
    /// </summary>
    public static Box LinearBounds(IReadOnlyList<Layer> layers, Box[] acts, int k, IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(acts);
        var set = LinearBoundSet.Identity(layers[k].OutputSize, rows);
        for (var j = k; j >= 0; j--)
        {
            layers[j].BackSubstitute(set, acts[j]);
        }

        // Every step and the evaluation round outward (LinearBoundSet): the box holds exactly.
        var (lo, hi) = set.Concretize(acts[0]);
        return new Box(lo, hi);
    }

    /// <summary>
    /// Bounds on the back-propagated signal at the input of every layer: interval bounds for
    /// <see cref="BoundsMethod.Interval"/>, otherwise linear bounds through the backward pass
    /// (<see cref="SignalBounds"/>) intersected with them.
    /// </summary>
    public static Box[] Backward(NeuralNetwork network, IReadOnlyList<Box> activations, Box outputWeights, BoundsMethod method)
    {
        if (method == BoundsMethod.Interval)
        {
            return Backward(network, activations, outputWeights);
        }

        Preconditions.Length(outputWeights.Dimension, network.OutputSize, "The output weights c");
        return SignalBounds.Compute(network.Layers, activations, outputWeights);
    }

    /// <summary>
    /// Interval bounds on the back-propagated signal at the input of every layer, starting from
    /// bounds on the output weights c (a point for a fixed c, [−1, 1]^m for an operator norm).
    /// </summary>
    public static Box[] Backward(NeuralNetwork network, IReadOnlyList<Box> activations, Box outputWeights)
    {
        var layers = network.Layers;
        Preconditions.Length(outputWeights.Dimension, network.OutputSize, "The output weights c");
        var grads = new Box[layers.Count + 1];
        grads[layers.Count] = outputWeights;
        for (var k = layers.Count - 1; k >= 0; k--)
        {
            grads[k] = layers[k].BackwardInterval(grads[k + 1], activations[k]);
        }

        return grads;
    }
}

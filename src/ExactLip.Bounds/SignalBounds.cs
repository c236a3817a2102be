using ExactLip.Core;
using ExactLip.Network;
using ExactLip.Network.Layers;
using ExactLip.Network.Relaxation;

namespace ExactLip.Bounds;

/// <summary>
/// Bounds on the back-propagated signal (the gradient of cᵀf at the input of every layer) by
/// linear bound propagation through the backward pass, the analogue for gradients of what CROWN
/// does for activations.
/// Implementation note: the backward pass is linear in its signal except where a ReLU gates
/// it, dx = δ·dy with the derivative δ ∈ {0, 1}. Interval arithmetic bounds every coordinate
/// of dx on its own, so a signal that reaches the input along many paths is counted once per
/// path in magnitude. Here a coordinate is kept as a linear function of the signal of the
/// layers after it, each gating product relaxed by its McCormick planes
/// (<see cref="Layer.BackSubstituteSignal"/>), down to the output weights c, where it is
/// evaluated: the paths' contributions cancel where their signs differ. Every bound is
/// intersected with the interval bound, so it is never looser than interval arithmetic.
/// The bounds are sound for every input whose activations lie in the boxes given.
/// </summary>
public static class SignalBounds
{
    /// <summary>
    /// Networks with more inputs keep interval bounds on the input gradient: each of its
    /// coordinates costs one pass through the whole network, and image inputs (784, 3,072) made
    /// that pass dominate every bound.
    /// </summary>
    public const int InputGradientLimit = 256;

    /// <summary>
    /// Bounds on the signal at the input of every layer (element 0: the input gradient; the last
    /// element: the output weights) for every input with activations in <paramref name="activations"/>,
    /// bounds over the whole box (which has such inputs: <see cref="Box.Intersect(Box)"/>).
    /// </summary>
    public static Box[] Compute(IReadOnlyList<Layer> layers, IReadOnlyList<Box> activations, Box outputWeights) =>
        Compute(layers, activations, outputWeights, mayBeEmpty: false, out _)!;

    /// <summary>
    /// As <see cref="Compute(IReadOnlyList{Layer}, IReadOnlyList{Box}, Box)"/> over a part of the
    /// box that may have no point (a sub-domain of branch and bound); null when two bounds on one
    /// coordinate cross, which proves that no input has activations in <paramref name="activations"/>
    /// (<see cref="Box.TryIntersect(IReadOnlyList{int}, Box)"/>).
    /// </summary>
    public static Box[]? TryCompute(IReadOnlyList<Layer> layers, IReadOnlyList<Box> activations, Box outputWeights) =>
        Compute(layers, activations, outputWeights, mayBeEmpty: true, out _);

    /// <summary>
    /// As <see cref="TryCompute(IReadOnlyList{Layer}, IReadOnlyList{Box}, Box)"/>, with the backward
    /// pass's steps over the bounds found (<see cref="SignalPass"/>), for more rows over the same region.
    /// </summary>
    public static Box[]? TryCompute(IReadOnlyList<Layer> layers, IReadOnlyList<Box> activations, Box outputWeights, out SignalPass? pass) =>
        Compute(layers, activations, outputWeights, mayBeEmpty: true, out pass);

    private static Box[]? Compute(IReadOnlyList<Layer> layers, IReadOnlyList<Box> activations, Box outputWeights, bool mayBeEmpty, out SignalPass? pass)
    {
        pass = null;
        var grads = new Box[layers.Count + 1];
        grads[layers.Count] = outputWeights;

        // Layer k's step is set up as soon as its output signal's bounds are final; the rows of
        // every earlier layer go through it.
        var steps = SignalPass.Empty(layers, grads);
        var intervalsExact = IntervalsExactFrom(layers, steps.LinearTail);
        for (var k = layers.Count - 1; k >= 0; k--)
        {
            var box = layers[k].BackwardInterval(grads[k + 1], activations[k]);
            steps.PrepareLayer(layers, activations, k);

            // The linear bounds pay where they are used: every coordinate of the input gradient
            // (up to InputGradientLimit), and the coordinates whose bounds the layer before
            // relaxes with (a ReLU's unstable gates); not where the intervals are exact already.
            var used = k >= intervalsExact ? Array.Empty<int>()
                : k > 0 ? layers[k - 1].GradOutputBoundsUsed(activations[k - 1])
                : layers[0].InputSize <= InputGradientLimit ? Enumerable.Range(0, layers[0].InputSize).ToArray()
                : Array.Empty<int>();
            if (used.Count > 0)
            {
                var set = LinearBoundSet.Identity(layers[k].InputSize, used);
                if (steps.Evaluate(set, k) is var (lo, hi))
                {
                    var tighter = new Box(lo, hi);
                    if ((mayBeEmpty ? box.TryIntersect(used, tighter) : box.Intersect(used, tighter)) is not { } tightened)
                    {
                        return null;
                    }

                    box = tightened;
                }
            }

            grads[k] = box;
        }

        pass = steps;
        return grads;
    }

    /// <summary>
    /// The first layer from which linear bounds on the signal at a layer's input can be no
    /// tighter than its interval bounds: with output weights that are one point, the signal
    /// after the last layer that is not linear is a point (up to rounding), so its bounds at
    /// the input of each later layer are exact, and so are those of the linear layer before it
    /// when that last layer is a ReLU: each coordinate is Σ_j a_j·δ_j·v_j over gates
    /// δ_j ∈ [α, 1] that vary one by one, whose exact range is the interval sum. Those rows, one
    /// per unstable neuron of the layer below, changed no sub-domain's bounds and took 5% of a
    /// branch and bound on 10-60-60-3. layers.Count where nothing is exact.
    /// </summary>
    /// <param name="linearTail">The pass's <see cref="SignalPass.LinearTail"/> (null: the weights are not a point).</param>
    private static int IntervalsExactFrom(IReadOnlyList<Layer> layers, int? linearTail)
    {
        if (linearTail is not { } tail)
        {
            return layers.Count;
        }

        return tail == 0 || layers[tail - 1] is not ReluLayer ? tail
            : tail > 1 && layers[tail - 2].IsLinear ? tail - 2
            : tail - 1;
    }

    /// <summary>
    /// A certified upper bound on Σ_i |g_i| over the input gradients g of the activations'
    /// region, from the bounds <paramref name="grads"/> of <see cref="Compute"/>: each |g_i| is
    /// replaced by its chord over [l_i, u_i] (exact when the sign of g_i is known) and the sum,
    /// one linear function of the gradient, is bounded as a whole.
    /// </summary>
    /// <remarks>Never above Σ_i max(|l_i|, |u_i|), the bound from the coordinates alone.</remarks>
    /// <param name="pass">The backward pass's steps over these bounds (<see cref="SignalPass"/>), or null: set up here.</param>
    public static double AbsoluteSumUpperBound(IReadOnlyList<Layer> layers, IReadOnlyList<Box> activations, IReadOnlyList<Box> grads, SignalPass? pass = null)
    {
        var g = grads[0];
        var weights = new double[g.Dimension];
        var magnitudes = new double[g.Dimension];
        double shift = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            double l = g.Lo(i), u = g.Hi(i);
            magnitudes[i] = Math.Max(Math.Abs(l), Math.Abs(u));
            if (l >= 0)
            {
                weights[i] = 1;
            }
            else if (u <= 0)
            {
                weights[i] = -1;
            }
            else
            {
                // The chord of |t| from (l, −l) to (u, u), slope w = (u + l)/(u − l) in float64;
                // its constant clears |t| at both ends exactly, so above it on [l, u] (|t| is convex).
                weights[i] = (u + l) / (u - l);
                shift = RoundingError.AddUp(shift, ChordConstant(weights[i], l, u));
            }
        }

        var separate = RoundingError.NormUp(Norm.L1, magnitudes);
        var set = new LinearBoundSet(new[] { weights }, new[] { shift }, new[] { weights.ToArray() }, new[] { shift });
        return (pass ?? SignalPass.Prepare(layers, activations, grads)).Evaluate(set, 0) is var (_, hi)
            ? Math.Min(hi[0], separate)
            : separate;
    }

    /// <summary>
    /// A float64 c with |t| ≤ w·t + c for every real t in [l, u], l &lt; 0 &lt; u: c ≥ −l·(1 + w) at
    /// t = l and c ≥ u·(1 − w) at t = u, each operation rounded up (−l and u are positive).
    /// </summary>
    private static double ChordConstant(double w, double l, double u) =>
        Math.Max(RoundingError.MultiplyUp(-l, RoundingError.AddUp(1, w)), RoundingError.MultiplyUp(u, RoundingError.AddUp(1, -w)));

}

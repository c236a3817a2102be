using ExactLip.Core;
using ExactLip.Network;
using ExactLip.Network.Relaxation;

namespace ExactLip.Bounds;

/// <summary>
/// The backward pass's signal steps of every layer (<see cref="Layer.PrepareSignal"/>), set up
/// for one region's activation and signal bounds and applied to any number of bound sets: each
/// step computes only the coefficients the next one reads (after a ReLU layer, those of the gates
/// not stably off), and what it works out from the bounds alone is worked out once.
/// </summary>
public sealed class SignalPass
{
    private readonly SignalStep?[] _steps;
    private readonly IReadOnlyList<Box> _grads;

    private SignalPass(IReadOnlyList<Layer> layers, IReadOnlyList<Box> grads)
    {
        _steps = new SignalStep?[layers.Count];
        _grads = grads;
        LinearTail = FindLinearTail(layers, grads[layers.Count]);
    }

    /// <summary>
    /// Where the rows are evaluated at the latest, with output weights that are one point: the
    /// first of the linear layers that end the network (layers.Count: none; the signal there is
    /// that point's exact image, up to its rounding); null when the weights are not a point
    /// (the rows are then evaluated at the output).
    /// </summary>
    internal int? LinearTail { get; }

    /// <summary>The steps of every layer over the bounds of <see cref="SignalBounds.Compute(IReadOnlyList{Layer}, IReadOnlyList{Box}, Box)"/>.</summary>
    public static SignalPass Prepare(IReadOnlyList<Layer> layers, IReadOnlyList<Box> activations, IReadOnlyList<Box> grads)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var pass = new SignalPass(layers, grads);
        for (var k = layers.Count - 1; k >= 0; k--)
        {
            pass.PrepareLayer(layers, activations, k);
        }

        return pass;
    }

    /// <summary>
    /// An empty pass over <paramref name="grads"/> (the output weights known, at index
    /// layers.Count), whose steps are set up from the last layer down (<see cref="PrepareLayer"/>).
    /// </summary>
    internal static SignalPass Empty(IReadOnlyList<Layer> layers, IReadOnlyList<Box> grads) => new(layers, grads);

    private static int? FindLinearTail(IReadOnlyList<Layer> layers, Box outputWeights)
    {
        for (var i = 0; i < outputWeights.Dimension; i++)
        {
            if (outputWeights.Lo(i) != outputWeights.Hi(i))
            {
                return null;
            }
        }

        var tail = layers.Count;
        while (tail > 0 && layers[tail - 1].IsLinear)
        {
            tail--;
        }

        return tail;
    }

    /// <summary>
    /// Sets up layer k's step once the bounds on its output signal (grads[k + 1]) are final and
    /// the later layers' steps are set up.
    /// </summary>
    internal void PrepareLayer(IReadOnlyList<Layer> layers, IReadOnlyList<Box> activations, int k)
    {
        // Rows that reach a layer without a step are evaluated over its signal's box: every
        // coefficient counts there.
        var read = k + 1 < _steps.Length ? _steps[k + 1]?.CoefficientsRead : null;
        _steps[k] = layers[k].PrepareSignal(activations[k], _grads[k + 1], read);
    }

    /// <summary>
    /// Rewrites bounds stated over the signal at the input of layer <paramref name="k"/> into
    /// bounds over the output weights and evaluates them; where a layer has no step, over the
    /// interval bounds of its input signal; from the network's linear tail on (with output
    /// weights that are a point), over the signal's bounds there: its width is rounding, and
    /// the linear steps left would each add as much to every row, at the cost of a product
    /// with the layer's matrix (a third of the steps' work on two hidden layers). Null when
    /// that happens at layer k itself.
    /// </summary>
    internal (double[] Lo, double[] Hi)? Evaluate(LinearBoundSet set, int k)
    {
        for (var j = k; j < _steps.Length; j++)
        {
            if (j >= LinearTail || _steps[j] is not { } step)
            {
                return j == k ? null : set.Concretize(_grads[j]);
            }

            step.Apply(set);
        }

        return set.Concretize(_grads[_steps.Length]);
    }
}

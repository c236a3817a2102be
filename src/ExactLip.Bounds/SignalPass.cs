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

    private SignalPass(SignalStep?[] steps, IReadOnlyList<Box> grads)
    {
        _steps = steps;
        _grads = grads;
    }

    /// <summary>The steps of every layer over the bounds of <see cref="SignalBounds.Compute(IReadOnlyList{Layer}, IReadOnlyList{Box}, Box)"/>.</summary>
    public static SignalPass Prepare(IReadOnlyList<Layer> layers, IReadOnlyList<Box> activations, IReadOnlyList<Box> grads)
    {
        ArgumentNullException.ThrowIfNull(layers);
        var pass = new SignalPass(new SignalStep?[layers.Count], grads);
        for (var k = layers.Count - 1; k >= 0; k--)
        {
            pass.PrepareLayer(layers, activations, k);
        }

        return pass;
    }

    /// <summary>An empty pass over <paramref name="grads"/>, whose steps are set up from the last layer down (<see cref="PrepareLayer"/>).</summary>
    internal static SignalPass Empty(int layers, IReadOnlyList<Box> grads) => new(new SignalStep?[layers], grads);

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
    /// interval bounds of its input signal. Null when that happens at layer k itself.
    /// </summary>
    internal (double[] Lo, double[] Hi)? Evaluate(LinearBoundSet set, int k)
    {
        for (var j = k; j < _steps.Length; j++)
        {
            if (_steps[j] is not { } step)
            {
                return j == k ? null : set.Concretize(_grads[j]);
            }

            step.Apply(set);
        }

        return set.Concretize(_grads[_steps.Length]);
    }
}

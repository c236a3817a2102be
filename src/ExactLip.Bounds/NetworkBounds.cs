using ExactLip.Core;
using ExactLip.Network;
using ExactLip.Network.Layers;

namespace ExactLip.Bounds;

/// <summary>
/// Sound bounds on every intermediate quantity of a network over an input box.
/// <see cref="Activations"/>[k] bounds the input of layer k (element 0 is the input box, the
/// last element the network output). <see cref="Gradients"/>[k] bounds the back-propagated
/// signal at the input of layer k (the last element bounds the output weights c; element 0
/// bounds the input gradient itself).
/// </summary>
public sealed class NetworkBounds
{
    public NetworkBounds(NeuralNetwork network, BoundsMethod method, IReadOnlyList<Box> activations, IReadOnlyList<Box> gradients)
    {
        Network = network;
        Method = method;
        Activations = activations;
        Gradients = gradients;
    }

    public NeuralNetwork Network { get; }

    public BoundsMethod Method { get; }

    public IReadOnlyList<Box> Activations { get; }

    public IReadOnlyList<Box> Gradients { get; }

    public Box InputGradient => Gradients[0];

    /// <summary>ReLU neurons whose sign the bounds leave open (each becomes one binary).</summary>
    public int UnstableNeurons => CountUnstable(Network, Activations);

    /// <summary>ReLU neurons left undecided by forward bounds <paramref name="activations"/>.</summary>
    public static int CountUnstable(NeuralNetwork network, IReadOnlyList<Box> activations)
    {
        var count = 0;
        for (var k = 0; k < network.Layers.Count; k++)
        {
            if (network.Layers[k] is ReluLayer)
            {
                var pre = activations[k];
                for (var i = 0; i < pre.Dimension; i++)
                {
                    if (pre.Lo(i) < 0 && pre.Hi(i) > 0)
                    {
                        count++;
                    }
                }
            }
        }

        return count;
    }

    /// <summary>
    /// A certified upper bound on the input gradient's norm over the box, from the interval
    /// bounds on its entries alone (FastLip's value when the bounds are intervals), rounded up
    /// so that it bounds the exact norm of the exact magnitudes.
    /// </summary>
    public double GradientNormUpperBound(Norm norm)
    {
        var g = InputGradient;
        var mag = new double[g.Dimension];
        for (var i = 0; i < mag.Length; i++)
        {
            mag[i] = Math.Max(Math.Abs(g.Lo(i)), Math.Abs(g.Hi(i)));
        }

        return RoundingError.NormUp(norm, mag);
    }
}

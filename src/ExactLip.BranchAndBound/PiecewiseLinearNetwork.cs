using ExactLip.Core;
using ExactLip.Network;
using ExactLip.Network.Layers;

namespace ExactLip.BranchAndBound;

/// <summary>
/// The simplified network the search works on: a chain of affine and ReLU layers (with their
/// negative slopes: LeakyRelu), with a global index for every ReLU neuron (the sign vector of a
/// sub-domain is indexed by it: +1 the side y = x, −1 the side y = αx).
/// </summary>
internal sealed class PiecewiseLinearNetwork
{
    public PiecewiseLinearNetwork(NeuralNetwork network)
    {
        Network = network.Simplify();
        var offsets = new int[Network.Layers.Count];
        var count = 0;
        var layerOf = new List<int>();
        for (var k = 0; k < Network.Layers.Count; k++)
        {
            var layer = Network.Layers[k];
            if (layer is not (LinearLayer or ReluLayer))
            {
                throw new ExactLipException($"Branch and bound handles affine and ReLU layers only, but the network has a {layer.Kind} layer: the MIP path handles it.");
            }

            offsets[k] = count;
            if (layer is ReluLayer)
            {
                for (var i = 0; i < layer.InputSize; i++)
                {
                    layerOf.Add(k);
                }

                count += layer.InputSize;
            }
        }

        Offsets = offsets;
        Neurons = count;
        LayerOfNeuron = layerOf.ToArray();
        HasNegativeSlope = Network.Layers.Any(l => l is ReluLayer { NegativeSlope: not 0 });
    }

    public NeuralNetwork Network { get; }

    public IReadOnlyList<Layer> Layers => Network.Layers;

    /// <summary>Global index of the first neuron of ReLU layer k.</summary>
    public int[] Offsets { get; }

    /// <summary>Number of ReLU neurons.</summary>
    public int Neurons { get; }

    /// <summary>The layer index of each global neuron.</summary>
    public int[] LayerOfNeuron { get; }

    /// <summary>True when a ReLU layer is leaky (its neurons' outputs are α·z, not 0, when off).</summary>
    public bool HasNegativeSlope { get; }

    /// <summary>The first ReLU layer (whose inputs are affine in x), or −1.</summary>
    public int FirstReluLayer
    {
        get
        {
            for (var k = 0; k < Layers.Count; k++)
            {
                if (Layers[k] is ReluLayer)
                {
                    return k;
                }
            }

            return -1;
        }
    }
}

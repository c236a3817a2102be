using ExactLip.Bounds;
using ExactLip.Core;
using ExactLip.Mip;
using ExactLip.Network;
using ExactLip.Network.Encoding;
using ExactLip.Network.Layers;

namespace ExactLip.Encoding;

/// <summary>
/// Encodes max over x in the box of ‖∇ₓ(cᵀf)(x)‖ as a MILP (LipMIP, Jordan &amp; Dimakis 2020):
/// the forward pass of every layer, the backward pass driven by the same activation binaries,
/// and the norm objective. Each layer adds its own rows (see <see cref="Network.Layer.Encode"/>);
/// this class wires them together and owns only the input, output-weight and objective
/// variables.
/// </summary>
public static class LipMipEncoder
{
    /// <param name="bounds">Bounds computed for this network, box and output weights.</param>
    /// <param name="weights">The output functional.</param>
    /// <param name="inputNorm">ℓ∞ (objective ‖∇g‖₁) or ℓ1 (objective ‖∇g‖∞).</param>
    /// <param name="linkCoincident">Tie the binaries of exactly proportional neurons (<see cref="LinkCoincidentNeurons"/>).</param>
    public static LipschitzMip Encode(NetworkBounds bounds, OutputWeights weights, Norm inputNorm, string name = "lipmip", bool linkCoincident = true)
    {
        var network = bounds.Network;
        if (weights.Dimension != network.OutputSize)
        {
            throw new ExactLipException($"The output weights c have {weights.Dimension} entries, but the model has {network.OutputSize} outputs.");
        }

        var model = new MipModelBuilder(name);
        var box = bounds.Activations[0];
        var input = new Var[network.InputSize];
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = model.AddVariable($"input/{i}/x", box.Lo(i), box.Hi(i));
        }

        var forward = new IReadOnlyList<Var>[network.Layers.Count + 1];
        forward[0] = input;
        var encodings = new LayerEncoding[network.Layers.Count];
        var links = new IReadOnlyList<BinaryLink>[network.Layers.Count];
        for (var k = 0; k < network.Layers.Count; k++)
        {
            var layer = network.Layers[k];
            var context = new EncodingContext(model, k, layer.Kind);
            encodings[k] = layer.Encode(context, forward[k], bounds.Activations[k], bounds.Activations[k + 1]);
            forward[k + 1] = encodings[k].Output;
            links[k] = linkCoincident && k > 0 && network.Layers[k - 1] is LinearLayer feeding
                ? LinkCoincidentNeurons(model, encodings[k], feeding, k)
                : Array.Empty<BinaryLink>();
        }

        var cBox = weights.Bounds();
        var c = new Var[weights.Dimension];
        for (var j = 0; j < c.Length; j++)
        {
            c[j] = model.AddVariable($"output/{j}/c", cBox.Lo(j), cBox.Hi(j));
        }

        var backward = new IReadOnlyList<Var>[network.Layers.Count + 1];
        backward[^1] = c;
        for (var k = network.Layers.Count - 1; k >= 0; k--)
        {
            backward[k] = encodings[k].EncodeBackward(backward[k + 1], bounds.Gradients[k + 1], bounds.Gradients[k]);
        }

        var objective = NormObjective.Add(model, backward[0], bounds.Gradients[0], inputNorm.Dual());
        return new LipschitzMip(model.Build(), bounds, weights, inputNorm.Dual(), input, c, encodings, forward, backward, objective, links);
    }

    /// <summary>
    /// Ties the binaries of exactly proportional neurons (<see cref="CoincidentNeurons"/>): a
    /// duplicated one switches with its twin (a = a′), a mirrored one against it (a + a′ = 1),
    /// as at every point where their common pre-activation is not 0. Only patterns met on the
    /// measure-zero set where it is 0 are cut, which no interior point has and the region check
    /// would refute one by one: a tensor carried past a ReLU as relu(t), relu(−t) would
    /// otherwise give the solver a "both off" pattern per element.
    /// </summary>
    private static List<BinaryLink> LinkCoincidentNeurons(MipModelBuilder model, LayerEncoding encoding, LinearLayer feeding, int layer)
    {
        var links = new List<BinaryLink>();
        foreach (var (neuron, twin, orientation) in CoincidentNeurons.Links(feeding))
        {
            if (encoding.Binary(neuron) is not { } a || encoding.Binary(twin) is not { } b)
            {
                continue;
            }

            if (orientation > 0)
            {
                model.AddEquality($"layer{layer}/{neuron}/same-as-{twin}", new[] { new Term(a, 1), new Term(b, -1) }, 0);
            }
            else
            {
                model.AddEquality($"layer{layer}/{neuron}/mirror-of-{twin}", new[] { new Term(a, 1), new Term(b, 1) }, 1);
            }

            links.Add(new BinaryLink(a, b, orientation < 0));
        }

        return links;
    }
}

using ExactLip.Bounds;
using ExactLip.Core;
using ExactLip.Mip;
using ExactLip.Network.Encoding;

namespace ExactLip.Encoding;

/// <summary>
/// A LipMIP model together with the handles needed to seed it from a point and to read a
/// witness (input point, output weights, activation pattern) back out of a solution.
/// </summary>
public sealed class LipschitzMip
{
    /// <summary>Per layer, the binaries tied to a twin's (<see cref="LipMipEncoder"/>).</summary>
    private readonly IReadOnlyList<BinaryLink>[] _links;

    internal LipschitzMip(
        MipModel model,
        NetworkBounds bounds,
        OutputWeights weights,
        Norm gradientNorm,
        Var[] input,
        Var[] outputWeights,
        IReadOnlyList<LayerEncoding> layers,
        IReadOnlyList<IReadOnlyList<Var>> forward,
        IReadOnlyList<IReadOnlyList<Var>> backward,
        NormObjective objective,
        IReadOnlyList<BinaryLink>[] links)
    {
        _links = links;
        Model = model;
        Bounds = bounds;
        Weights = weights;
        GradientNorm = gradientNorm;
        InputVars = input;
        OutputWeightVars = outputWeights;
        Layers = layers;
        ForwardVars = forward;
        BackwardVars = backward;
        Objective = objective;
    }

    public MipModel Model { get; }

    public NetworkBounds Bounds { get; }

    public OutputWeights Weights { get; }

    /// <summary>The norm of the input gradient the objective measures (the dual of the input norm).</summary>
    public Norm GradientNorm { get; }

    public Var[] InputVars { get; }

    public Var[] OutputWeightVars { get; }

    public IReadOnlyList<LayerEncoding> Layers { get; }

    /// <summary>Variables of the input of every layer (the last entry: the network output).</summary>
    public IReadOnlyList<IReadOnlyList<Var>> ForwardVars { get; }

    /// <summary>Variables of the back-propagated signal at the input of every layer (the last entry: c).</summary>
    public IReadOnlyList<IReadOnlyList<Var>> BackwardVars { get; }

    internal NormObjective Objective { get; }

    public int Binaries => Model.IntegerCount;

    public int UnstableNeurons => Layers.Sum(l => l.UnstableNeurons);

    public double[] ReadInput(ReadOnlySpan<double> solution)
    {
        var x = new double[InputVars.Length];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = solution[InputVars[i].Index];
        }

        Bounds.Activations[0].Clamp(x);
        return x;
    }

    /// <summary>
    /// A full assignment of the model at input point <paramref name="x"/> with output weights
    /// <paramref name="c"/> (a vertex of the box for box weights), feasible by construction:
    /// every variable takes the value the plain evaluator computes, except where the encoding
    /// states one piece for the whole box (stable neurons, <see cref="LayerEncoding.StartForward"/>)
    /// or ties a binary to a twin's: there the value is the encoding's, and the gradients behind
    /// follow it.
    /// </summary>
    public double[] StartFrom(ReadOnlySpan<double> x, ReadOnlySpan<double> c)
    {
        var network = Bounds.Network;
        var values = new double[Model.Variables.Count];
        for (var j = 0; j < Model.Variables.Count; j++)
        {
            var v = Model.Variables[j];
            values[j] = v.Lower == v.Upper ? v.Lower : 0;
        }

        var acts = new double[network.Layers.Count + 1][];
        acts[0] = x.ToArray();
        for (var k = 0; k < network.Layers.Count; k++)
        {
            acts[k + 1] = new double[network.Layers[k].OutputSize];
            Layers[k].StartForward(network.Layers[k], acts[k], acts[k + 1]);
        }

        var grads = new double[network.Layers.Count + 1][];
        grads[^1] = c.ToArray();
        for (var k = network.Layers.Count - 1; k >= 0; k--)
        {
            Layers[k].FillStart(values, acts[k], grads[k + 1]);
            foreach (var link in _links[k])
            {
                // Only a tie at the kink breaks a link (coincident pre-activations at exactly 0
                // are both "not > 0"); the twin's side is then as good as any.
                values[link.Binary.Index] = link.Mirrored ? 1 - values[link.Twin.Index] : values[link.Twin.Index];
            }

            grads[k] = new double[network.Layers[k].InputSize];
            Layers[k].StartBackward(network.Layers[k], values, acts[k], grads[k + 1], grads[k]);
        }

        for (var k = 0; k <= network.Layers.Count; k++)
        {
            Write(values, ForwardVars[k], acts[k]);
            Write(values, BackwardVars[k], grads[k]);
        }

        Objective.FillStart(values, grads[0]);
        return values;
    }

    private void Write(double[] values, IReadOnlyList<Var> vars, double[] data)
    {
        for (var i = 0; i < vars.Count; i++)
        {
            var v = Model.Variables[vars[i].Index];
            if (v.Lower != v.Upper)
            {
                values[vars[i].Index] = data[i];
            }
        }
    }
}

/// <summary>A binary the encoding ties to a twin's: equal to it, or its complement when <paramref name="Mirrored"/>.</summary>
public readonly record struct BinaryLink(Var Binary, Var Twin, bool Mirrored);


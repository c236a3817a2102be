using ExactLip.Network;
using ExactLip.Network.Layers;

namespace ExactLip.Tests;

/// <summary>Random fully connected ReLU networks for property tests, reproducible by seed.</summary>
public static class RandomNetworks
{
    /// <summary>
    /// An MLP with Gaussian-like weights scaled by 1/√fan-in and small biases; its ReLU layers
    /// have the negative slope <paramref name="negativeSlope"/> (LeakyRelu when it is not 0).
    /// </summary>
    public static NeuralNetwork Mlp(Random rng, int inputs, IReadOnlyList<int> hidden, int outputs, double negativeSlope = 0)
    {
        var layers = new List<Layer>();
        var width = inputs;
        foreach (var h in hidden)
        {
            layers.Add(Dense(rng, width, h));
            layers.Add(new ReluLayer(Shape.Vector(h), negativeSlope));
            width = h;
        }

        layers.Add(Dense(rng, width, outputs));
        return new NeuralNetwork("random-mlp", layers);
    }

    public static AffineLayer Dense(Random rng, int inputs, int outputs)
    {
        var w = new double[inputs * outputs];
        var scale = 1.0 / Math.Sqrt(inputs);
        for (var i = 0; i < w.Length; i++)
        {
            w[i] = Normal(rng) * scale;
        }

        var b = new double[outputs];
        for (var i = 0; i < b.Length; i++)
        {
            b[i] = Normal(rng) * 0.1;
        }

        return AffineLayer.Dense(inputs, outputs, w, b);
    }

    public static double Normal(Random rng)
    {
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}

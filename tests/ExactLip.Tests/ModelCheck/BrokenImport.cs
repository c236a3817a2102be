using ExactLip.Network;
using ExactLip.Network.Layers;

namespace ExactLip.Tests.ModelCheck;

/// <summary>
/// Networks that differ from the model in their file the way a faulty importer would make them:
/// two inputs read in swapped places (a layout mistake), or an output bias shifted (a lost or
/// misread constant).
/// </summary>
public static class BrokenImport
{
    /// <summary>The network with its inputs 0 and 1 swapped before the first layer.</summary>
    public static ExactLip.Network.NeuralNetwork SwapFirstTwoInputs(ExactLip.Network.NeuralNetwork network)
    {
        var n = network.InputSize;
        var rows = Enumerable.Range(0, n)
            .Select(i => (IReadOnlyList<(int Column, double Value)>)[(i == 0 ? 1 : i == 1 ? 0 : i, 1.0)])
            .ToArray();
        var swap = new AffineLayer(network.InputShape, network.InputShape, SparseMatrix.FromRows(n, rows), new double[n], "swap");
        return new ExactLip.Network.NeuralNetwork(network.Name, [swap, .. network.Layers], network.InputShape);
    }

    /// <summary>The network with <paramref name="shift"/> added to output 0's bias (its last layer must be affine).</summary>
    public static ExactLip.Network.NeuralNetwork ShiftLastBias(ExactLip.Network.NeuralNetwork network, double shift)
    {
        var last = (LinearLayer)network.Layers[^1];
        var bias = last.Bias.ToArray();
        bias[0] += shift;
        var layers = network.Layers.Take(network.Layers.Count - 1).Append(new AffineLayer(last.InputShape, last.OutputShape, last.Matrix, bias, last.Kind)).ToArray();
        return new ExactLip.Network.NeuralNetwork(network.Name, layers, network.InputShape);
    }
}

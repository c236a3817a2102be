using ExactLip.Network.Layers;

namespace ExactLip.Estimators;

/// <summary>
/// A network read as M_0, ReLU, M_1, ReLU, …, M_{K−1}: affine maps with one ReLU between each
/// consecutive pair, the form layer-wise estimators (naive product, AutoLip, SeqLip,
/// Avant–Morgansen) are defined on. A ReLU layer may have a negative slope 0 ≤ α &lt; 1
/// (LeakyRelu): its derivative lies in [α, 1] ⊂ [0, 1], so every bound over derivatives in
/// [0, 1] still holds; an estimator that reads the slope 0 below the kink asks
/// <see cref="HasNegativeSlope"/>. The output weights of a scalar quantity are folded into the
/// last map (cᵀM_{K−1}), or appended as a map of their own after a final ReLU.
/// </summary>
public sealed class LayerChain
{
    private LayerChain(IReadOnlyList<LinearMap> maps, IReadOnlyList<int> reluLayerIndex, bool hasNegativeSlope)
    {
        Maps = maps;
        ReluLayerIndex = reluLayerIndex;
        HasNegativeSlope = hasNegativeSlope;
    }

    /// <summary>Whether some ReLU layer has a negative slope α &gt; 0 (a LeakyRelu).</summary>
    public bool HasNegativeSlope { get; }

    public IReadOnlyList<LinearMap> Maps { get; }

    /// <summary>
    /// For the ReLU after map k, the index of that ReLU layer in the simplified network (so its
    /// pre-activation bounds are NetworkBounds.Activations[index]); −1 for none.
    /// </summary>
    public IReadOnlyList<int> ReluLayerIndex { get; }

    /// <summary>Null when the network has another shape; <paramref name="refusal"/> then says why.</summary>
    public static LayerChain? TryBuild(EstimationProblem problem, string method, out string? refusal)
    {
        var layers = problem.Simplified.Layers;
        var maps = new List<LinearMap>();
        var relus = new List<int>();
        var leaky = false;
        refusal = null;
        for (var k = 0; k < layers.Count; k++)
        {
            var expectLinear = maps.Count == relus.Count;
            switch (layers[k])
            {
                case LinearLayer linear when expectLinear:
                    maps.Add(LinearMap.Of(linear));
                    break;
                case ReluLayer relu when !expectLinear:
                    relus.Add(k);
                    leaky |= relu.NegativeSlope != 0;
                    break;
                default:
                    refusal = $"{method} needs affine layers separated by single ReLUs, but layer {k} of the simplified network is {layers[k].Kind}; use fastlip, liplp or the sampling methods for this network.";
                    return null;
            }
        }

        if (maps.Count == 0)
        {
            refusal = $"{method} needs at least one affine layer.";
            return null;
        }

        // Every map but possibly the last has a ReLU after it; the last gets −1 unless the network ends in one.
        var reluAfter = relus.ToList();
        while (reluAfter.Count < maps.Count)
        {
            reluAfter.Add(-1);
        }

        var chain = new LayerChain(maps, reluAfter, leaky);
        return chain.WithOutput(problem.Quantity.C);
    }

    /// <summary>Whether a ReLU follows the last map (the network's output is a ReLU).</summary>
    public bool EndsWithRelu => ReluLayerIndex[^1] >= 0;

    private LayerChain WithOutput(double[]? c)
    {
        if (c is null)
        {
            return this;
        }

        var maps = Maps.ToList();
        var relus = ReluLayerIndex.ToList();
        if (EndsWithRelu)
        {
            var row = Network.SparseMatrix.FromDense(1, c.Length, c);
            maps.Add(LinearMap.Of(row, new double[1]));
            relus.Add(-1);
        }
        else
        {
            maps[^1] = maps[^1].FoldOutput(c);
        }

        return new LayerChain(maps, relus, HasNegativeSlope);
    }
}

using ExactLip.Core;
using ExactLip.Network;
using ExactLip.Network.Layers;

namespace ExactLip.Engines;

/// <summary>
/// What an engine can do, declared rather than discovered by trying: whether it measures ℓ2,
/// handles max pooling, exports its MIPs, and needs LP row duals (to prove a region empty).
/// <see cref="EngineChoice"/> decides by these; a composing engine declares the union of its parts.
/// </summary>
public sealed record EngineCapabilities(bool MeasuresL2, bool MaxPooling, bool ExportsMip, bool NeedsRowDuals)
{
    /// <summary>LipMIP: polyhedral norms only (the ℓ2 ball and the spectral norm have no MIP encoding), every layer the encoder knows.</summary>
    public static EngineCapabilities MipPath { get; } = new(MeasuresL2: false, MaxPooling: true, ExportsMip: true, NeedsRowDuals: true);

    /// <summary>Branch and bound over activation patterns: every norm, networks of affine and ReLU layers (LeakyRelu too: a ReLU layer with a negative slope).</summary>
    public static EngineCapabilities BranchAndBound { get; } = new(MeasuresL2: true, MaxPooling: false, ExportsMip: false, NeedsRowDuals: true);

    /// <summary>True when the engine can measure <paramref name="quantity"/>.</summary>
    public bool Measures(LipschitzQuantity quantity) => MeasuresL2 || !NeedsL2(quantity);

    /// <summary>True when the engine can certify <paramref name="network"/> (once simplified, as the engines see it).</summary>
    public bool Handles(NeuralNetwork network) =>
        MaxPooling || network.Simplify().Layers.All(l => l is LinearLayer or ReluLayer);

    /// <summary>True when the quantity measures an ℓ2 norm on either side.</summary>
    public static bool NeedsL2(LipschitzQuantity quantity) =>
        quantity.InputNorm == Norm.L2 || (!quantity.IsScalar && quantity.OutputNorm == Norm.L2);
}

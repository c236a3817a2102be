using ExactLip.Mip;

namespace ExactLip.Network.Encoding;

/// <summary>
/// What a layer needs to add itself to a MIP: the model under construction and its position in
/// the network, which makes variable names deterministic (<c>relu/2/17/a</c>: kind, layer
/// index, neuron index, role).
/// </summary>
public sealed class EncodingContext
{
    public EncodingContext(MipModelBuilder model, int layerIndex, string kind)
    {
        Model = model;
        LayerIndex = layerIndex;
        Kind = kind;
    }

    public MipModelBuilder Model { get; }

    public int LayerIndex { get; }

    public string Kind { get; }

    public string Name(int neuron, string role) => $"{Kind}/{LayerIndex}/{neuron}/{role}";

    public string Name(string role) => $"{Kind}/{LayerIndex}/{role}";
}

using ExactLip.Network;

namespace ExactLip.Import.Onnx;

/// <summary>What one ONNX node became in the imported network.</summary>
/// <param name="OpType">The node's ONNX operator, e.g. "Gemm".</param>
/// <param name="Node">How the node is named in messages: its name, or its index and first output.</param>
/// <param name="Layers">The kinds of the layers it appended (<see cref="Network.Layer.Kind"/>); empty when it appended none.</param>
/// <param name="Folded">True when its output is a constant, computed at import (shape arithmetic, Constant nodes).</param>
public sealed record NodeConversion(string OpType, string Node, IReadOnlyList<string> Layers, bool Folded)
{
    /// <summary>What the node became, in words: its layer kinds, "constant (folded)" or "no layer (renames the activation)".</summary>
    public string Became => Layers.Count > 0 ? string.Join(" + ", Layers) : Folded ? "constant (folded)" : "no layer (renames the activation)";
}

/// <summary>An imported ONNX model with the record of what each node became.</summary>
public sealed record OnnxImport(NeuralNetwork Network, IReadOnlyList<NodeConversion> Conversions);

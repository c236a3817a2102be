using ExactLip.Import.Onnx.Proto;

namespace ExactLip.Import.Onnx;

/// <summary>
/// Converts one ONNX operator: reads the node's inputs from the context (constants or the
/// activation), and either records a folded constant or appends the layer(s) it stands for.
/// </summary>
internal interface IOnnxOperator
{
    void Convert(NodeProto node, ImportContext context);
}

namespace ExactLip.Import.Onnx;

/// <summary>
/// The one non-constant tensor flowing through a chain network: its full ONNX shape (batch axis
/// fixed to 1 when the model has one) and how many layers existed when it was produced, which
/// tells whether a consumer continues the chain or would open a branch.
/// </summary>
internal sealed record Activation(int[] Shape, int Position);

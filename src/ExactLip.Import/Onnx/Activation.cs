namespace ExactLip.Import.Onnx;

/// <summary>
/// One non-constant tensor of the graph: its full ONNX shape (batch axis fixed to 1 when the
/// model has one), the node that produced it, and whether it is non-negative by construction
/// (a ReLU's output, or values moved out of one), which lets a ReLU layer pass it through as a
/// stable-active neuron (<see cref="LiveTensors"/>). Compared by reference: two names of one
/// tensor (Identity, Dropout) share one object.
/// </summary>
internal sealed class Activation
{
    public Activation(int[] shape, int producer, bool nonNegative)
    {
        Shape = shape;
        Producer = producer;
        NonNegative = nonNegative;
    }

    public int[] Shape { get; }

    /// <summary>The index of the node that produced the tensor (−1 for the graph input).</summary>
    public int Producer { get; }

    public bool NonNegative { get; }

    /// <summary>The tensor's names in the graph (several when a node only renames it).</summary>
    public List<string> Names { get; } = new();

    public int Size => OnnxTensor.ShapeSize(Shape);
}

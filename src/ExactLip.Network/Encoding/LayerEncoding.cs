using ExactLip.Core;
using ExactLip.Mip;

namespace ExactLip.Network.Encoding;

/// <summary>
/// A layer's forward pass in a MIP, and the hook that adds its backward pass with the same
/// binaries (LipMIP: one binary per unstable neuron drives both passes).
/// </summary>
public abstract class LayerEncoding
{
    protected LayerEncoding(EncodingContext context, IReadOnlyList<Var> output)
    {
        Context = context;
        Output = output;
    }

    public EncodingContext Context { get; }

    /// <summary>The variables of the layer's output (may be shared with its input).</summary>
    public IReadOnlyList<Var> Output { get; }

    /// <summary>Binary variables this layer added.</summary>
    public virtual int Binaries => 0;

    /// <summary>Neurons whose sign the bounds could not decide.</summary>
    public virtual int UnstableNeurons => 0;

    /// <summary>
    /// Adds the vector-Jacobian product dx = J(x)ᵀ dy: <paramref name="gradOutput"/> are the
    /// variables of dy, the boxes sound bounds on dy and dx. Returns the variables of dx.
    /// </summary>
    public abstract IReadOnlyList<Var> EncodeBackward(IReadOnlyList<Var> gradOutput, Box gradOutputBounds, Box gradInputBounds);

    /// <summary>
    /// Writes the values of the auxiliary variables this layer added (binaries, hidden
    /// intermediates) for the concrete point whose layer input is <paramref name="input"/> and
    /// whose output gradient is <paramref name="gradOutput"/>. Input, output and gradient
    /// variables are written by the caller, from <see cref="StartForward"/> and
    /// <see cref="StartBackward"/>.
    /// </summary>
    public virtual void FillStart(double[] values, ReadOnlySpan<double> input, ReadOnlySpan<double> gradOutput)
    {
    }

    /// <summary>
    /// The layer's output at a starting point as this encoding states it. The evaluator's by
    /// default; an encoding that fixes a piece over the whole box (a stable neuron) states that
    /// piece even where the evaluator, at a kink or across a rounding, takes the other.
    /// </summary>
    public virtual void StartForward(Layer layer, ReadOnlySpan<double> input, Span<double> output)
    {
        ArgumentNullException.ThrowIfNull(layer);
        layer.Forward(input, output);
    }

    /// <summary>
    /// The back-propagated signal at a starting point as this encoding states it, after
    /// <see cref="FillStart"/> has written this layer's binaries into <paramref name="values"/>:
    /// the evaluator's by default; an encoding with binaries follows the ones written, a stable
    /// neuron its fixed slope.
    /// </summary>
    public virtual void StartBackward(Layer layer, ReadOnlySpan<double> values, ReadOnlySpan<double> input, ReadOnlySpan<double> gradOutput, Span<double> gradInput)
    {
        ArgumentNullException.ThrowIfNull(layer);
        layer.Backward(input, gradOutput, gradInput);
    }

    /// <summary>
    /// The binaries that make up this layer's part of the activation pattern (not auxiliary
    /// binaries of objectives). A pattern that is met by no interior point of the box can be
    /// excluded from the search by a no-good cut over these.
    /// </summary>
    public virtual IReadOnlyList<Var> PatternVariables => Array.Empty<Var>();

    /// <summary>
    /// Adds to an LP the region where this layer acts as it does in <paramref name="solution"/>
    /// (the same activation pattern), with every sign or winner decided by at least
    /// <paramref name="margin"/>: the LP that tells whether a pattern has interior points.
    /// Returns the variables of the layer's output, or null when the layer cannot say.
    /// </summary>
    public virtual IReadOnlyList<Var>? EncodeRegion(MipModelBuilder lp, IReadOnlyList<Var> input, Var margin, ReadOnlySpan<double> solution) => null;

    /// <summary>
    /// For a ReLU layer, the signs the solution gives its neurons (+1 active, −1 inactive), so
    /// that patterns with exactly coincident neurons can be judged without an LP
    /// (<see cref="CoincidentNeurons"/>); null for other layers.
    /// </summary>
    public virtual sbyte[]? SignPattern(ReadOnlySpan<double> solution) => null;

    /// <summary>For a ReLU layer, the binary of an unstable neuron; null for a stable one and for other layers.</summary>
    public virtual Var? Binary(int neuron) => null;
}

using ExactLip.Core;
using ExactLip.Network.Encoding;
using ExactLip.Network.Relaxation;

namespace ExactLip.Network;

/// <summary>
/// One operation of a network, acting on one sample's flattened tensor.
/// Implementation note: each operation owns all of its mathematics in one place, as
/// auto_LiRPA's operator classes do: the float64 forward pass, the vector-Jacobian product, the
/// interval transfer forward and backward, the back-substitution step of linear (CROWN-style)
/// bound propagation, and its MIP encoding for both passes. Adding an operator touches one
/// file.
/// </summary>
public abstract class Layer
{
    protected Layer(Shape inputShape, Shape outputShape)
    {
        InputShape = inputShape;
        OutputShape = outputShape;
    }

    public Shape InputShape { get; }

    public Shape OutputShape { get; }

    public int InputSize => InputShape.Size;

    public int OutputSize => OutputShape.Size;

    /// <summary>A short lower-case name used in variable names and messages, e.g. "relu".</summary>
    public abstract string Kind { get; }

    /// <summary>True for affine operations y = A x + b (see <see cref="LinearLayer"/>).</summary>
    public virtual bool IsLinear => false;

    /// <summary>y = f(x).</summary>
    public abstract void Forward(ReadOnlySpan<double> x, Span<double> y);

    /// <summary>
    /// dx = J_f(x)ᵀ dy, the vector-Jacobian product at the layer input <paramref name="x"/>.
    /// At a kink the one-sided choice must match <see cref="Encode"/>'s start values
    /// (ReLU′(0) = 0).
    /// </summary>
    public abstract void Backward(ReadOnlySpan<double> x, ReadOnlySpan<double> dy, Span<double> dx);

    /// <summary>
    /// The forward pass with a bound on its rounding error, for proving which linear piece a point
    /// lies in: from the input's values, error bounds and constancy (<see cref="PointEnclosure"/>)
    /// fills the output's. Returns false (leaving the output undefined) when a kink of this
    /// operation lies within those errors — a ReLU input within its error of 0, a max-pooling tie
    /// within error — unless the values involved are constant near the point, so that the piece
    /// the exact point lies in, and whether it lies in the piece's interior, is not known.
    /// </summary>
    public abstract bool ForwardWithError(PointEnclosure input, PointEnclosure output);

    /// <summary>
    /// The vector-Jacobian product with a bound on its rounding error, at an input where
    /// <see cref="ForwardWithError"/> returned true (so the linear piece is known): given dy with
    /// |d̂y − dy| ≤ <paramref name="dyError"/>, writes dx and <paramref name="dxError"/> with
    /// |J(x̂)ᵀd̂y − dx| ≤ dxError.
    /// </summary>
    public abstract void BackwardWithError(ReadOnlySpan<double> x, ReadOnlySpan<double> dy, ReadOnlySpan<double> dyError, Span<double> dx, Span<double> dxError);

    /// <summary>Sound interval bounds on the output over an input box.</summary>
    public abstract Box ForwardInterval(Box input);

    /// <summary>
    /// Sound interval bounds on the input gradient dx = J(x)ᵀ dy over every x with bounds
    /// <paramref name="inputBounds"/> and every dy in <paramref name="gradOutput"/>.
    /// </summary>
    public abstract Box BackwardInterval(Box gradOutput, Box inputBounds);

    /// <summary>
    /// One step of backward linear bound propagation: rewrites linear bounds that are stated over
    /// this layer's output into bounds over its input, using a sound linear relaxation over
    /// <paramref name="inputBounds"/>.
    /// </summary>
    public abstract void BackSubstitute(LinearBoundSet bounds, Box inputBounds);

    /// <summary>
    /// One step of linear bound propagation through the backward pass: rewrites linear bounds
    /// stated over this layer's input gradient dx = J(x)ᵀ dy into bounds over its output
    /// gradient dy, sound for every x in <paramref name="inputBounds"/> and every dy in
    /// <paramref name="gradOutputBounds"/>. Returns false, leaving the bounds untouched, when
    /// the layer has no such relaxation; the caller then evaluates them over interval bounds on dx.
    /// </summary>
    public bool BackSubstituteSignal(LinearBoundSet bounds, Box inputBounds, Box gradOutputBounds)
    {
        if (PrepareSignal(inputBounds, gradOutputBounds, null) is not { } step)
        {
            return false;
        }

        step.Apply(bounds);
        return true;
    }

    /// <summary>
    /// The step of <see cref="BackSubstituteSignal"/> set up for these bounds, to apply to many
    /// bound sets; null when the layer has no such relaxation.
    /// </summary>
    /// <param name="read">
    /// The coordinates of dy whose coefficients the next step reads (its
    /// <see cref="SignalStep.CoefficientsRead"/>), or null: every one. The step may leave the
    /// others 0 without computing them.
    /// </param>
    public virtual SignalStep? PrepareSignal(Box inputBounds, Box gradOutputBounds, IReadOnlyList<int>? read) => null;

    /// <summary>
    /// The coordinates of dy whose bounds this layer's backward relaxation (interval or linear)
    /// depends on, so that tighter bounds are computed only where they are used. All of them
    /// unless a layer knows better.
    /// </summary>
    public virtual IReadOnlyList<int> GradOutputBoundsUsed(Box inputBounds) => Enumerable.Range(0, OutputSize).ToArray();

    /// <summary>
    /// Adds this layer's forward pass to a MIP: <paramref name="input"/> are the variables of its
    /// input, the boxes are sound bounds on its input and output (they size every big-M).
    /// The returned encoding adds the backward pass on request and knows the values of its own
    /// auxiliary variables at a concrete point.
    /// </summary>
    public abstract LayerEncoding Encode(EncodingContext context, IReadOnlyList<Mip.Var> input, Box inputBounds, Box outputBounds);

    public override string ToString() => $"{Kind} {InputShape} -> {OutputShape}";
}

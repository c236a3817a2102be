namespace ExactLip.Network.Relaxation;

/// <summary>
/// One layer's back-substitution of signal bounds (<see cref="Layer.PrepareSignal"/>), set up
/// once for the bounds of a region and applied to any number of bound sets over them: the
/// sign-vector rows of a branch-and-bound sub-domain are hundreds of sets through the same layers
/// with the same bounds, and what a layer works out from its bounds alone (which gates are
/// stable, their lines, the rounding of an affine step) is then worked out once.
/// </summary>
public abstract class SignalStep
{
    /// <summary>
    /// The coordinates of the layer's input gradient whose coefficients <see cref="Apply"/> reads;
    /// null: every one. A row's coefficient elsewhere is multiplied by an exact zero derivative
    /// and dropped without a rounding term, so the step before may leave it 0 uncomputed.
    /// </summary>
    public virtual IReadOnlyList<int>? CoefficientsRead => null;

    /// <summary>
    /// Rewrites bounds stated over the layer's input gradient dx into bounds over its output
    /// gradient dy (<see cref="Layer.BackSubstituteSignal"/>).
    /// </summary>
    public abstract void Apply(LinearBoundSet bounds);
}

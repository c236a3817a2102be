namespace ExactLip.Estimators;

/// <summary>
/// One estimator's answer: its value, what that value promises (kind, scope, anchored), the
/// norms it measures, how long it took, and a short human note (how it was certified, what was
/// converted or dropped).
/// </summary>
/// <param name="Anchored">
/// True for a bound on sup ‖f(x) − f(x0)‖/‖x − x0‖ around the box centre only (Avant &amp;
/// Morgansen), which may legitimately sit below the pairwise constant.
/// </param>
public sealed record Estimate(
    string Method,
    EstimateKind Kind,
    EstimateScope Scope,
    bool Anchored,
    MeasuredNorm Norm,
    double Value,
    double Seconds,
    string Detail);

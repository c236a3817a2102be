namespace ExactLip.Estimators;

/// <summary>
/// The estimators a user asked for. <paramref name="Explicit"/> is true when they were named one
/// by one: a named estimator that cannot handle the problem is then an error, while with "all"
/// it is skipped and the reason reported.
/// </summary>
public sealed record EstimatorSelection(IReadOnlyList<ILipschitzEstimator> Estimators, bool Explicit);

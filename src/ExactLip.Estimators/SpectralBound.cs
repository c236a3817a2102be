namespace ExactLip.Estimators;

/// <summary>
/// A certified upper bound on a largest singular value, the lower estimate power iteration
/// reached, and how the bound was obtained.
/// </summary>
public sealed record SpectralBound(double Upper, double PowerIteration, string Method);

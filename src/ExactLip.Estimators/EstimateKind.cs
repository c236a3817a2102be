namespace ExactLip.Estimators;

/// <summary>What an estimate promises about the true constant.</summary>
public enum EstimateKind
{
    /// <summary>A certified upper bound: never below the true value.</summary>
    Upper,

    /// <summary>A certified lower bound: a value attained at a real point of the box.</summary>
    Lower,

    /// <summary>No guarantee in either direction.</summary>
    Heuristic,
}

namespace ExactLip.ModelCheck;

/// <summary>The largest difference of one compared quantity (outputs, or directional derivatives).</summary>
/// <param name="MaxAbs">The largest absolute difference over every point and output.</param>
/// <param name="Scale">The largest magnitude either evaluator gave over every point and output.</param>
/// <param name="Threshold">The largest absolute difference float32 arithmetic explains (<see cref="ImporterCheck"/>).</param>
/// <param name="WorstPoint">The index of the point with the largest difference (-1 when every difference is 0).</param>
public sealed record DifferenceSummary(double MaxAbs, double Scale, double Threshold, int WorstPoint)
{
    /// <summary>The largest difference relative to the scale (0 when both are 0).</summary>
    public double MaxRelative => MaxAbs == 0 ? 0 : MaxAbs / Scale;

    public bool Agree => MaxAbs <= Threshold;
}

/// <summary>What <see cref="ImporterCheck.Compare"/> found.</summary>
/// <param name="Points">How many points were compared.</param>
/// <param name="OnnxRuntimeOutputs">The reference's output at each point, in order.</param>
/// <param name="Tolerance">The relative threshold used.</param>
/// <param name="Outputs">The output differences.</param>
/// <param name="Derivatives">The directional-derivative differences; null when the box has no width.</param>
/// <param name="Directions">How many directional derivatives were compared.</param>
public sealed record ImporterCheckResult(
    int Points,
    IReadOnlyList<double[]> OnnxRuntimeOutputs,
    double Tolerance,
    DifferenceSummary Outputs,
    DifferenceSummary? Derivatives,
    int Directions)
{
    /// <summary>True when every difference is within float32 (or float64) accuracy.</summary>
    public bool Agree => Outputs.Agree && (Derivatives?.Agree ?? true);
}

namespace ExactLip.Cli;

/// <summary>
/// What compare measures estimates against: the exact value, or, when there is none, certified
/// bounds [Lower, Upper] on it (from a run stopped early, or from the certified estimators).
/// </summary>
public sealed record Reference(double Lower, double Upper, bool IsExact, string Source)
{
    /// <summary>value / exact, or null when the reference is a range.</summary>
    public double? Ratio(double value) => IsExact && Upper > 0 ? value / Upper : null;

    /// <summary>The range of value / L over every L in [Lower, Upper].</summary>
    public (double? Low, double? High) RatioRange(double value) =>
        (Upper > 0 && double.IsFinite(Upper) ? value / Upper : null, Lower > 0 ? value / Lower : null);
}

using System.Globalization;
using ExactLip.Estimators;

namespace ExactLip.Cli;

/// <summary>How estimates read in tables, CSV and charts.</summary>
public static class EstimateLabels
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>"UB local", "UB local anchored", "LB local", "heuristic global".</summary>
    public static string Label(Estimate e)
    {
        var kind = e.Kind switch
        {
            EstimateKind.Upper => "UB",
            EstimateKind.Lower => "LB",
            _ => "heuristic",
        };
        return $"{kind} {e.Scope.Name()}{(e.Anchored ? " anchored" : string.Empty)}";
    }

    public static string Number(double v) => double.IsFinite(v) ? v.ToString("G7", C) : "inf";

    public static string Seconds(double s) => s.ToString(s < 10 ? "0.000" : "0.0", C);

    public static string Ratio(Reference? reference, double value)
    {
        if (reference is null)
        {
            return "-";
        }

        if (reference.Ratio(value) is { } r)
        {
            return r.ToString("0.000", C);
        }

        var (low, high) = reference.RatioRange(value);
        return $"{(low is { } l ? l.ToString("0.000", C) : "0")}–{(high is { } h ? h.ToString("0.000", C) : "∞")}";
    }
}

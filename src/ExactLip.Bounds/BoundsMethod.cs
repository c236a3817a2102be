using ExactLip.Core;

namespace ExactLip.Bounds;

/// <summary>How pre-activation bounds are computed before encoding.</summary>
public enum BoundsMethod
{
    /// <summary>Interval arithmetic, layer by layer (LipMIP's own setting).</summary>
    Interval,

    /// <summary>
    /// Backward linear bound propagation (CROWN/DeepPoly style) to the input for every
    /// pre-activation, intersected with the interval bounds.
    /// </summary>
    Crown,

    /// <summary>
    /// CROWN bounds, then LP-based tightening: each undecided pre-activation, back-propagated
    /// signal and gradient coordinate is minimised and maximised over the LP relaxation of the
    /// LipMIP model (done by the certifier, which has an LP solver).
    /// </summary>
    Lp,
}

public static class BoundsMethods
{
    public static string Name(this BoundsMethod method) => method switch
    {
        BoundsMethod.Interval => "interval",
        BoundsMethod.Crown => "crown",
        _ => "lp",
    };

    public static BoundsMethod Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "interval" or "ibp" => BoundsMethod.Interval,
        "crown" or "linear" => BoundsMethod.Crown,
        "lp" => BoundsMethod.Lp,
        _ => throw new ExactLipException($"Unknown bounds method '{text}': choose interval, crown or lp."),
    };
}

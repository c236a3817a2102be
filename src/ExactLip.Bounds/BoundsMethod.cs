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
}

public static class BoundsMethods
{
    public static string Name(this BoundsMethod method) => method switch
    {
        BoundsMethod.Interval => "interval",
        _ => "crown",
    };

    public static BoundsMethod Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "interval" or "ibp" => BoundsMethod.Interval,
        "crown" or "linear" => BoundsMethod.Crown,
        _ => throw new ExactLipException($"Unknown bounds method '{text}': choose interval or crown."),
    };
}

namespace ExactLip.Network.Relaxation;

/// <summary>
/// A safety margin for numbers whose rounding error ExactLip does not bound itself: a relative
/// 1e-9 plus an absolute 1e-12, for values that come from outside bound propagation (an LP or
/// MIP solver's bound, a value recomputed at a point). It is not a rounding-error bound.
/// Bound propagation does not use it: its results carry their own rounding-error bounds
/// (<see cref="RoundingError"/>), which hold for the exact reals whatever the network's scale.
/// </summary>
public static class BoundsRounding
{
    public const double Relative = 1e-9;
    public const double Absolute = 1e-12;

    public static double Down(double v) => v - (Relative * Math.Abs(v)) - Absolute;

    public static double Up(double v) => v + (Relative * Math.Abs(v)) + Absolute;
}

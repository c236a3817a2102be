using ExactLip.Core;

namespace ExactLip.Network.Relaxation;

/// <summary>
/// Float64 arithmetic rounds to nearest, so a bound computed by plain arithmetic can sit a few
/// ulps on the wrong side of the true value. Every bound ExactLip derives is widened by a
/// relative 1e-9 plus an absolute 1e-12 of its magnitude: far above accumulated round-off for
/// the network sizes a MIP can handle, far below any tolerance a user asks for.
/// </summary>
public static class BoundsRounding
{
    public const double Relative = 1e-9;
    public const double Absolute = 1e-12;

    public static double Down(double v) => v - (Relative * Math.Abs(v)) - Absolute;

    public static double Up(double v) => v + (Relative * Math.Abs(v)) + Absolute;

    /// <summary>The box [c − r, c + r], widened outward.</summary>
    public static Box WidenCentered(ReadOnlySpan<double> center, ReadOnlySpan<double> radius)
    {
        var lo = new double[center.Length];
        var hi = new double[center.Length];
        for (var i = 0; i < lo.Length; i++)
        {
            var r = radius[i] + (Relative * radius[i]);
            lo[i] = Down(center[i] - r);
            hi[i] = Up(center[i] + r);
        }

        return new Box(lo, hi);
    }

    /// <summary>The box [lo, hi], widened outward.</summary>
    public static Box Widen(ReadOnlySpan<double> lower, ReadOnlySpan<double> upper)
    {
        var lo = new double[lower.Length];
        var hi = new double[lower.Length];
        for (var i = 0; i < lo.Length; i++)
        {
            lo[i] = Down(lower[i]);
            hi[i] = Up(upper[i]);
        }

        return new Box(lo, hi);
    }
}

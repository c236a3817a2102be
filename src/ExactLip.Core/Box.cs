namespace ExactLip.Core;

/// <summary>
/// A box lo ≤ x ≤ hi in R^n, the interval domain of every bound computation.
/// Immutable; the arrays are owned by the box and never handed out for writing.
/// </summary>
public sealed class Box
{
    private readonly double[] _lower;
    private readonly double[] _upper;

    public Box(double[] lower, double[] upper)
    {
        if (lower.Length != upper.Length)
        {
            throw new ArgumentException("Lower and upper bounds must have the same length.");
        }

        _lower = lower;
        _upper = upper;
    }

    public int Dimension => _lower.Length;

    public ReadOnlySpan<double> Lower => _lower;

    public ReadOnlySpan<double> Upper => _upper;

    public double Lo(int i) => _lower[i];

    public double Hi(int i) => _upper[i];

    /// <summary>Builds a box from user input, checking finiteness and lo ≤ hi.</summary>
    /// <param name="names">What the user called the corners, for the sentence on a bad value.</param>
    public static Box FromUser(IReadOnlyList<double> lower, IReadOnlyList<double> upper, BoxNames? names = null)
    {
        names ??= BoxNames.None;
        Preconditions.AllFinite(lower, BoxNames.Called("The lower bound", names.Lower));
        Preconditions.AllFinite(upper, BoxNames.Called("The upper bound", names.Upper));
        if (lower.Count != upper.Count)
        {
            throw new ExactLipException($"The lower bound has {lower.Count} entries but the upper bound has {upper.Count}.");
        }

        for (var i = 0; i < lower.Count; i++)
        {
            if (lower[i] > upper[i])
            {
                throw new ExactLipException($"The box is empty: at input {i} the lower bound {lower[i]} exceeds the upper bound {upper[i]}.");
            }
        }

        return new Box(lower.ToArray(), upper.ToArray());
    }

    /// <summary>The ℓ∞ ball of radius <paramref name="radius"/> around <paramref name="center"/>.</summary>
    /// <param name="names">What the user called the centre and the radius, for the sentence on a bad value.</param>
    public static Box Ball(IReadOnlyList<double> center, double radius, BoxNames? names = null)
    {
        names ??= BoxNames.None;
        Preconditions.AllFinite(center, BoxNames.Called("The centre", names.Center));
        Preconditions.Positive(radius, BoxNames.Called("The radius", names.Radius));
        var ball = names.Center.Length > 0 && names.Radius.Length > 0 ? $"{names.Center} ± {names.Radius}" : "centre ± radius";
        var lo = new double[center.Count];
        var hi = new double[center.Count];
        for (var i = 0; i < center.Count; i++)
        {
            // Rounded outward, so the box holds the whole ball: a box rounded inward would leave
            // out points the constant is asked about.
            lo[i] = SumRoundedDown(center[i], -radius);
            hi[i] = -SumRoundedDown(-center[i], -radius);
            if (!double.IsFinite(lo[i]) || !double.IsFinite(hi[i]))
            {
                // Each is finite on its own, but their sum overflows: the box would reach infinity.
                throw new ExactLipException($"The ball {ball} overflows at input {i}: {center[i].ToString(System.Globalization.CultureInfo.InvariantCulture)} ± {radius.ToString(System.Globalization.CultureInfo.InvariantCulture)} is beyond the largest double; give a smaller centre or radius.");
            }
        }

        return new Box(lo, hi);
    }

    public static Box Point(ReadOnlySpan<double> x) => new(x.ToArray(), x.ToArray());

    /// <summary>a + b rounded toward −∞: the float64 sum, moved down one step when it rounded up (TwoSum error).</summary>
    private static double SumRoundedDown(double a, double b)
    {
        var sum = a + b;
        if (!double.IsFinite(sum))
        {
            return sum;
        }

        var bVirtual = sum - a;
        var error = (a - (sum - bVirtual)) + (b - bVirtual);
        return error < 0 ? Math.BitDecrement(sum) : sum;
    }

    public double Width(int i) => _upper[i] - _lower[i];

    public double[] Center()
    {
        var c = new double[Dimension];
        for (var i = 0; i < c.Length; i++)
        {
            c[i] = 0.5 * (_lower[i] + _upper[i]);
        }

        return c;
    }

    /// <summary>Half the width of every side: with <see cref="Center"/>, the box as c ± r.</summary>
    public double[] Radius()
    {
        var r = new double[Dimension];
        for (var i = 0; i < r.Length; i++)
        {
            r[i] = 0.5 * Width(i);
        }

        return r;
    }

    public bool Contains(ReadOnlySpan<double> x, double tolerance = 0)
    {
        if (x.Length != Dimension)
        {
            return false;
        }

        for (var i = 0; i < x.Length; i++)
        {
            if (x[i] < _lower[i] - tolerance || x[i] > _upper[i] + tolerance)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The intersection with another box of the same dimension, entry by entry.</summary>
    public Box Intersect(Box other)
    {
        var lo = new double[Dimension];
        var hi = new double[Dimension];
        for (var i = 0; i < lo.Length; i++)
        {
            lo[i] = Math.Max(_lower[i], other._lower[i]);
            hi[i] = Math.Min(_upper[i], other._upper[i]);
            if (lo[i] > hi[i])
            {
                // Round-off between two sound bounds: keep a valid (degenerate) interval.
                var mid = 0.5 * (lo[i] + hi[i]);
                lo[i] = mid;
                hi[i] = mid;
            }
        }

        return new Box(lo, hi);
    }

    /// <summary>Clamps a point into the box.</summary>
    public void Clamp(Span<double> x)
    {
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = Math.Clamp(x[i], _lower[i], _upper[i]);
        }
    }

    public override string ToString() => $"Box[{Dimension}]";
}

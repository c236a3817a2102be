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

    /// <summary>
    /// The intersection with another box of the same dimension, entry by entry, when both bound
    /// one set that may have no point (a sub-domain of branch and bound); null when the bounds
    /// cross in some entry. Both are rounded outward, so at any point of the set the value lies in
    /// both intervals: a crossing is no round-off to absorb, it proves the set empty.
    /// </summary>
    public Box? TryIntersect(Box other) => Meet(null, other, mayBeEmpty: true);

    /// <summary>
    /// The box with entry rows[t] intersected with entry t of <paramref name="tighter"/> (bounds
    /// computed for some entries only), the others unchanged; null when two bounds on one entry
    /// cross, which proves the set they bound empty (<see cref="TryIntersect(Box)"/>).
    /// </summary>
    public Box? TryIntersect(IReadOnlyList<int> rows, Box tighter) => Meet(rows, tighter, mayBeEmpty: true);

    /// <summary>
    /// The intersection, entry by entry, for bounds over a set known to have points (the whole
    /// input box, which <see cref="FromUser"/> and <see cref="Ball"/> never leave empty). Two sound
    /// bounds there cannot cross; should they (a defect in one of them), the entry keeps the
    /// smallest interval holding both, which still holds if either bound does, never a point
    /// between them. A caller whose set may be empty uses <see cref="TryIntersect(Box)"/>.
    /// </summary>
    public Box Intersect(Box other) => Meet(null, other, mayBeEmpty: false)!;

    /// <summary>
    /// The box with entry rows[t] intersected with entry t of <paramref name="tighter"/>, the others
    /// unchanged, over a set known to have points (<see cref="Intersect(Box)"/>).
    /// </summary>
    public Box Intersect(IReadOnlyList<int> rows, Box tighter) => Meet(rows, tighter, mayBeEmpty: false)!;

    /// <summary>
    /// Entry rows[t] (every entry t when <paramref name="rows"/> is null) with entry t of
    /// <paramref name="other"/>: [max of the lower ends, min of the upper ends]. Where they cross
    /// (lo &gt; hi; equal ends are a point, not a crossing): null when the set may be empty, else
    /// the hull of the two. A NaN end is no proof of anything: it passes through as the entry's
    /// bound, never as a crossing.
    /// </summary>
    private Box? Meet(IReadOnlyList<int>? rows, Box other, bool mayBeEmpty)
    {
        var lo = (double[])_lower.Clone();
        var hi = (double[])_upper.Clone();
        var count = rows?.Count ?? Dimension;
        for (var t = 0; t < count; t++)
        {
            var i = rows is null ? t : rows[t];
            var meetLo = Math.Max(lo[i], other._lower[t]);
            var meetHi = Math.Min(hi[i], other._upper[t]);
            if (meetLo > meetHi)
            {
                if (mayBeEmpty)
                {
                    return null;
                }

                meetLo = Math.Min(lo[i], other._lower[t]);
                meetHi = Math.Max(hi[i], other._upper[t]);
            }

            lo[i] = meetLo;
            hi[i] = meetHi;
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

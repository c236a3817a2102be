using ExactLip.Core;
using ExactLip.Network;
using ExactLip.Network.Relaxation;

namespace ExactLip.Bounds;

/// <summary>
/// A certified upper bound on Σ_i |g_i| over the input gradients g of a region, as the largest
/// over the sign vectors s ∈ {±1}ⁿ of the linear bound of s·g through the backward pass
/// (<see cref="SignalBounds"/>): Σ_i |g_i| = max_s s·g at every point, so the largest of bounds
/// that each hold at every point bounds it.
/// Implementation note: each s·g is one row of the backward pass, and every gate's relaxation
/// takes the line on the row's own side, where one chord of |g_i|
/// (<see cref="SignalBounds.AbsoluteSumUpperBound"/>) or the coordinates' bounds cannot follow
/// a coefficient that changes sign between sign vectors; on the certify suite's 10-input
/// networks the bound is about half of theirs. The rows s and −s are one row's upper and lower
/// bound, so 2^(n − 1) rows (s₀ = 1) cover every sign vector; each ±1 coefficient is exact and
/// the rest is the outward-rounded evaluation of every row. Each sign vector's bound is kept
/// (rounded up to float32): a region inside another, a branch-and-bound half, has every one of
/// the enclosing region's bounds at its points, so it evaluates its own rows in the order of
/// the enclosing bounds, the largest first, and stops once the next enclosing bound is no
/// larger than the largest bound it has: every row left out is then no larger either. A half's
/// bounds fall little below its parent's, so most rows are left out. Rows whose enclosing bound
/// is at most a floor the caller reaches anyway are left out as well (the search's lower bound,
/// the other rows of J of an operator norm).
/// </summary>
public sealed class SignVectorBounds
{
    /// <summary>Networks with more inputs are not bounded this way: 2^(n − 1) rows, 512 at 10 inputs, each a pass through the network.</summary>
    public const int InputLimit = 10;

    /// <summary>
    /// Rows evaluated together at first (each layer's set-up is shared by them): few, since a
    /// half usually stops after a handful; the chunks double when it does not.
    /// </summary>
    private const int FirstChunk = 4;

    private readonly float[] _perSign;

    private SignVectorBounds(double upper, float[] perSign)
    {
        Upper = upper;
        _perSign = perSign;
    }

    /// <summary>The certified bound on Σ_i |g_i|; never above Σ_i max(|l_i|, |u_i|) of the coordinates' bounds.</summary>
    public double Upper { get; }

    /// <summary>
    /// For the sign vector s_r (s₀ = 1, s_i = −1 where bit i − 1 of r is set), entry 2r bounds
    /// s_r·g and entry 2r + 1 bounds −s_r·g from above, at every point of the region.
    /// </summary>
    public IReadOnlyList<float> PerSign => _perSign;

    /// <summary>
    /// The bound over the region whose activations and signal bounds are given (element 0 of
    /// <paramref name="grads"/>: the input gradient's); null above <see cref="InputLimit"/>
    /// inputs or where the backward pass has no linear relaxation.
    /// </summary>
    /// <param name="enclosing">
    /// The bounds of a region that contains this one (every point of this region is one of its
    /// points), or null: its bounds hold here, so only the rows that could lower the result are evaluated.
    /// </param>
    /// <param name="floor">
    /// A value the caller's bound reaches anyway (a larger quantity's rows, bounded already):
    /// rows whose bounds cannot exceed it are not evaluated, and <see cref="Upper"/> may then be
    /// any value up to the floor (never below the true bound).
    /// </param>
    public static SignVectorBounds? Compute(IReadOnlyList<Layer> layers, IReadOnlyList<Box> activations, IReadOnlyList<Box> grads, SignVectorBounds? enclosing = null, double floor = 0)
    {
        ArgumentNullException.ThrowIfNull(grads);
        var g = grads[0];
        var n = g.Dimension;
        if (n == 0 || n > InputLimit)
        {
            return null;
        }

        var magnitudes = new double[n];
        for (var i = 0; i < n; i++)
        {
            magnitudes[i] = Math.Max(Math.Abs(g.Lo(i)), Math.Abs(g.Hi(i)));
        }

        var separate = RoundingError.NormUp(Norm.L1, magnitudes);
        var pairs = 1 << (n - 1);
        if (enclosing is not null && enclosing._perSign.Length != 2 * pairs)
        {
            enclosing = null;
        }

        // Every row starts from the coordinates' bound of s·g (and the enclosing region's, when given).
        var perSign = enclosing?._perSign.ToArray() ?? Enumerable.Repeat(float.PositiveInfinity, 2 * pairs).ToArray();
        for (var r = 0; r < pairs; r++)
        {
            var (plus, minus) = CoordinateBounds(g, r);
            perSign[2 * r] = Math.Min(perSign[2 * r], FloatUp(plus));
            perSign[(2 * r) + 1] = Math.Min(perSign[(2 * r) + 1], FloatUp(minus));
        }

        var order = Enumerable.Range(0, pairs).ToArray();
        var keys = order.Select(r => -PairBound(perSign, r)).ToArray();
        Array.Sort(keys, order);
        double best = 0, rest = 0;
        var chunk = FirstChunk;
        for (var start = 0; start < pairs; start += chunk, chunk *= 2)
        {
            if (PairBound(perSign, order[start]) <= Math.Max(best, floor))
            {
                // The rows are in decreasing order of their enclosing bounds: none left exceeds
                // this one, which is at most best or the floor.
                rest = PairBound(perSign, order[start]);
                break;
            }

            var count = Math.Min(chunk, pairs - start);
            var upper = new double[count][];
            var lower = new double[count][];
            for (var t = 0; t < count; t++)
            {
                upper[t] = SignVector(order[start + t], n);
                lower[t] = (double[])upper[t].Clone();
            }

            if (SignalBounds.Evaluate(layers, activations, grads, new LinearBoundSet(upper, new double[count], lower, new double[count]), 0) is not { } evaluated)
            {
                return null;
            }

            var (lo, hi) = evaluated;
            for (var t = 0; t < count; t++)
            {
                // max(s·g) ≤ hi and max(−s·g) = −min(s·g) ≤ −lo (negation is exact).
                var r = order[start + t];
                perSign[2 * r] = Math.Min(perSign[2 * r], FloatUp(hi[t]));
                perSign[(2 * r) + 1] = Math.Min(perSign[(2 * r) + 1], FloatUp(-lo[t]));
                best = Math.Max(best, PairBound(perSign, r));
            }
        }

        return new SignVectorBounds(Math.Min(Math.Max(best, rest), separate), perSign);
    }

    /// <summary>
    /// Upper bounds on s_r·g and −s_r·g from the coordinates' intervals alone: Σ_i of the end of
    /// s_i·[l_i, u_i] on the side wanted, the float64 sum rounded up by its error bound.
    /// </summary>
    private static (double Plus, double Minus) CoordinateBounds(Box g, int r)
    {
        double plus = 0, minus = 0, size = 0;
        for (var i = 0; i < g.Dimension; i++)
        {
            var negative = i > 0 && ((r >> (i - 1)) & 1) == 1;
            double lo = g.Lo(i), hi = g.Hi(i);
            plus += negative ? -lo : hi;
            minus += negative ? hi : -lo;
            size += Math.Max(Math.Abs(lo), Math.Abs(hi));
        }

        var error = RoundingError.SumError(size, g.Dimension);
        return (RoundingError.Up(plus + error), RoundingError.Up(minus + error));
    }

    private static double PairBound(float[] perSign, int r) => Math.Max(perSign[2 * r], perSign[(2 * r) + 1]);

    private static double[] SignVector(int r, int n)
    {
        var s = new double[n];
        s[0] = 1;
        for (var i = 1; i < n; i++)
        {
            s[i] = ((r >> (i - 1)) & 1) == 1 ? -1 : 1;
        }

        return s;
    }

    /// <summary>The smallest float32 at or above v; +∞ for a value that is not a number (no bound).</summary>
    private static float FloatUp(double v)
    {
        if (double.IsNaN(v))
        {
            return float.PositiveInfinity;
        }

        var f = (float)v;
        return f < v ? MathF.BitIncrement(f) : f;
    }
}

using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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
    /// Entry v bounds s_v·g from above at every point of the region, s_v the sign vector with
    /// s_i = −1 where bit i of v is set: a row's two sides s and −s are entries v and 2ⁿ − 1 − v
    /// (the row of pair r, s₀ = 1, is entry 2r).
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
    /// <param name="pass">The backward pass's steps over these bounds (<see cref="SignalPass"/>), or null: set up here.</param>
    public static SignVectorBounds? Compute(IReadOnlyList<Layer> layers, IReadOnlyList<Box> activations, IReadOnlyList<Box> grads, SignVectorBounds? enclosing = null, double floor = 0, SignalPass? pass = null)
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
        var mask = (2 * pairs) - 1;
        if (enclosing is not null && enclosing._perSign.Length != 2 * pairs)
        {
            enclosing = null;
        }

        // Every row starts from the coordinates' bound of s·g (and the enclosing region's, when given).
        var perSign = enclosing?._perSign.ToArray() ?? Enumerable.Repeat(float.PositiveInfinity, 2 * pairs).ToArray();
        CoordinateBounds(g, perSign);

        // Steps between neighbouring sign vectors bound every row from the evaluated ones, so
        // the rows are taken largest first and the bounds spread again after each chunk. The
        // spreading works on float64 copies of the bounds, each an upper bound at every moment
        // (FlipSteps), rounded up to float32 once at the end.
        var bounds = new double[perSign.Length];
        for (var v = 0; v < bounds.Length; v++)
        {
            bounds[v] = perSign[v];
        }

        var steps = FlipSteps(g, bounds, separate);
        Spread(bounds, steps, n);
        var done = new bool[pairs];
        double best = 0;
        var chunk = FirstChunk;
        while (true)
        {
            // The largest rows left that could exceed what is reached anyway.
            var next = Largest(bounds, done, chunk, Math.Max(best, floor));
            if (next.Length == 0)
            {
                // Every row left is at most the best or the floor.
                break;
            }

            var count = next.Length;
            var upper = new double[count][];
            var lower = new double[count][];
            for (var t = 0; t < count; t++)
            {
                upper[t] = SignVector(next[t], n);
                lower[t] = (double[])upper[t].Clone();
            }

            pass ??= SignalPass.Prepare(layers, activations, grads);
            if (pass.Evaluate(new LinearBoundSet(upper, new double[count], lower, new double[count]), 0) is not { } evaluated)
            {
                return null;
            }

            var (lo, hi) = evaluated;
            for (var t = 0; t < count; t++)
            {
                // max(s·g) ≤ hi and max(−s·g) = −min(s·g) ≤ −lo (negation is exact); a NaN
                // (no bound) leaves the bound as it was.
                var r = next[t];
                done[r] = true;
                bounds[2 * r] = hi[t] < bounds[2 * r] ? hi[t] : bounds[2 * r];
                bounds[mask ^ (2 * r)] = -lo[t] < bounds[mask ^ (2 * r)] ? -lo[t] : bounds[mask ^ (2 * r)];
            }

            Spread(bounds, steps, n);
            for (var t = 0; t < count; t++)
            {
                best = Math.Max(best, PairBound(bounds, next[t]));
            }

            chunk *= 2;
        }

        // The bound from the kept float32 values, as a region inside reads them: the evaluated
        // rows' largest, and of the rows left out (each at most the best or the floor) theirs.
        for (var v = 0; v < perSign.Length; v++)
        {
            perSign[v] = Math.Min(perSign[v], FloatUp(bounds[v]));
        }

        double largest = 0;
        for (var r = 0; r < pairs; r++)
        {
            largest = Math.Max(largest, PairBound(perSign, r));
        }

        return new SignVectorBounds(Math.Min(largest, separate), perSign);
    }

    /// <summary>
    /// For coordinate i, upper bounds on what s·g gains over s′·g when s′ has −s_i there and
    /// agrees elsewhere: 2·s_i·g_i ≤ 2u_i for s_i = 1, −2l_i for s_i = −1 (element 2i and 2i + 1),
    /// each raised by twice the rounding error of one float64 addition of the sweep; null when a
    /// bound is not a number (nothing is spread). Negative where g_i's sign is known: the step
    /// then lowers the bound.
    /// Implementation note: every value of the sweep (<see cref="Spread"/>) is an upper bound on
    /// some s·g, at least −Σ_i max(|l_i|, |u_i|) (<paramref name="separate"/>) over a region with
    /// points and at most the largest finite starting bound, and a sum of it and one step is at
    /// most M = that magnitude plus the largest step in size. fl(a + s′) ≥ a + s′ − u·M − η,
    /// so with s′ = step + 2u·M + 2η each float64 sum is at least the real a + step: every value
    /// the sweep writes bounds its row, whatever the order and number of its additions. (A
    /// region without points has no s·g to bound.)
    /// </summary>
    private static double[]? FlipSteps(Box g, double[] bounds, double separate)
    {
        var n = g.Dimension;
        double largest = separate, reach = 0;
        foreach (var b in bounds)
        {
            if (double.IsFinite(b))
            {
                largest = Math.Max(largest, Math.Abs(b));
            }
        }

        var steps = new double[2 * n];
        for (var i = 0; i < n; i++)
        {
            steps[2 * i] = 2 * g.Hi(i);
            steps[(2 * i) + 1] = -2 * g.Lo(i);
            if (!double.IsFinite(steps[2 * i]) || !double.IsFinite(steps[(2 * i) + 1]))
            {
                return null;
            }

            reach = Math.Max(reach, Math.Max(Math.Abs(steps[2 * i]), Math.Abs(steps[(2 * i) + 1])));
        }

        var magnitude = RoundingError.AddUp(largest, reach);
        var slack = RoundingError.AddUp(RoundingError.MultiplyUp(magnitude, 2 * RoundingError.Unit), 2 * double.Epsilon);
        for (var e = 0; e < steps.Length; e++)
        {
            steps[e] = RoundingError.AddUp(steps[e], slack);
        }

        return steps;
    }

    /// <summary>
    /// Lowers every sign vector's bound to what a bound of another gives with the steps between
    /// them: s·g = s′·g + Σ over the coordinates where they differ of 2·s_i·g_i, at every point,
    /// so bound(s) ≤ bound(s′) + Σ steps. The cheapest way from s′ to s flips each of those
    /// coordinates once (flipping one back and forth adds 2(u_i − l_i) ≥ 0), in any order, so
    /// one sweep over the coordinates, each relaxing every edge along it, finds the least over
    /// every s′ (a distance transform on the cube). The steps carry the sweep's rounding
    /// (<see cref="FlipSteps"/>), so it runs in place in plain float64.
    /// </summary>
    private static void Spread(double[] bounds, double[]? steps, int n)
    {
        if (steps is null)
        {
            return;
        }

        var full = bounds.Length;
        for (var i = 0; i < n; i++)
        {
            var bit = 1 << i;
            double toPlus = steps[2 * i], toMinus = steps[(2 * i) + 1];
            if (bit <= 2 && Vector256.IsHardwareAccelerated && full >= 4)
            {
                SpreadWithinLanes(bounds, bit, toPlus, toMinus);
                continue;
            }

            for (var start = 0; start < full; start += 2 * bit)
            {
                // The block [start, start + bit) has s_i = 1, the next one s_i = −1 (same other signs).
                var plus = bounds.AsSpan(start, bit);
                var minus = bounds.AsSpan(start + bit, bit);
                var v = 0;
                if (Vector.IsHardwareAccelerated && bit >= Vector<double>.Count)
                {
                    var upStep = new Vector<double>(toPlus);
                    var downStep = new Vector<double>(toMinus);
                    for (; v <= bit - Vector<double>.Count; v += Vector<double>.Count)
                    {
                        var atPlus = new Vector<double>(plus[v..]);
                        var atMinus = new Vector<double>(minus[v..]);
                        Vector.Min(atPlus, atMinus + upStep).CopyTo(plus[v..]);
                        Vector.Min(atMinus, atPlus + downStep).CopyTo(minus[v..]);
                    }
                }

                for (; v < bit; v++)
                {
                    double atPlus = plus[v], atMinus = minus[v];
                    // Plain comparisons: no value here is a NaN, and Math.Min's care for them costs.
                    var fromMinus = atMinus + toPlus;
                    var fromPlus = atPlus + toMinus;
                    plus[v] = fromMinus < atPlus ? fromMinus : atPlus;
                    minus[v] = fromPlus < atMinus ? fromPlus : atMinus;
                }
            }
        }
    }

    /// <summary>
    /// The sweep along coordinate 0 or 1 (<paramref name="bit"/> 1 or 2), whose two sides lie
    /// in one group of four entries: each entry takes the least of itself and its partner (the
    /// lanes swapped) plus the step towards its own side.
    /// </summary>
    private static void SpreadWithinLanes(double[] bounds, int bit, double toPlus, double toMinus)
    {
        var step = bit == 1 ? Vector256.Create(toPlus, toMinus, toPlus, toMinus) : Vector256.Create(toPlus, toPlus, toMinus, toMinus);
        var partner = bit == 1 ? Vector256.Create(1L, 0, 3, 2) : Vector256.Create(2L, 3, 0, 1);
        ref var start = ref MemoryMarshal.GetArrayDataReference(bounds);
        for (nuint v = 0; v + 4 <= (nuint)bounds.Length; v += 4)
        {
            var at = Vector256.LoadUnsafe(ref start, v);
            Vector256.Min(at, Vector256.Shuffle(at, partner) + step).StoreUnsafe(ref start, v);
        }
    }

    /// <summary>
    /// The <paramref name="count"/> largest pairs not evaluated yet whose bound exceeds
    /// <paramref name="threshold"/> (all of them, if fewer).
    /// </summary>
    private static int[] Largest(double[] bounds, bool[] done, int count, double threshold)
    {
        var above = new List<int>();
        for (var r = 0; r < done.Length; r++)
        {
            if (!done[r] && PairBound(bounds, r) > threshold)
            {
                above.Add(r);
            }
        }

        var order = above.ToArray();
        if (order.Length <= count)
        {
            return order;
        }

        var keys = new double[order.Length];
        for (var t = 0; t < order.Length; t++)
        {
            keys[t] = PairBound(bounds, order[t]);
        }

        SelectLargest(keys, order, count);
        return order[..count];
    }

    /// <summary>
    /// Moves the <paramref name="count"/> largest keys, with their entries of
    /// <paramref name="order"/>, to the front, in no particular order (quickselect: the rows of a
    /// chunk are evaluated together, so only which rows matters).
    /// </summary>
    private static void SelectLargest(double[] keys, int[] order, int count)
    {
        var k = count - 1;
        int lo = 0, hi = keys.Length - 1;
        while (lo < hi)
        {
            var pivot = keys[lo + ((hi - lo) / 2)];
            int i = lo, j = hi;
            while (i <= j)
            {
                while (keys[i] > pivot)
                {
                    i++;
                }

                while (keys[j] < pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (keys[i], keys[j]) = (keys[j], keys[i]);
                    (order[i], order[j]) = (order[j], order[i]);
                    i++;
                    j--;
                }
            }

            // [lo, j] holds keys ≥ pivot, [i, hi] keys ≤ pivot, anything between equals it.
            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>
    /// Lowers every bound of s·g to the one from the coordinates' intervals alone: Σ_i of the
    /// end of s_i·[l_i, u_i] on the side wanted. The sums of every sign vector of the cube are
    /// built coordinate by coordinate (each a recursive float64 sum of its n terms in order),
    /// then rounded up by the error bound of such a sum.
    /// </summary>
    private static void CoordinateBounds(Box g, float[] perSign)
    {
        var n = g.Dimension;
        var full = 1 << n;
        var sums = new double[full];
        double size = 0;
        for (var i = 0; i < n; i++)
        {
            // Bit i of v set: s_i = −1, whose end is −l_i; else u_i. Entries below 2^i are the sums over coordinates before i.
            double lo = g.Lo(i), hi = g.Hi(i);
            size += Math.Max(Math.Abs(lo), Math.Abs(hi));
            var bit = 1 << i;
            for (var v = 0; v < bit; v++)
            {
                var before = sums[v];
                sums[v] = before + hi;
                sums[v | bit] = before - lo;
            }
        }

        var error = RoundingError.SumError(size, n);
        for (var v = 0; v < full; v++)
        {
            perSign[v] = Math.Min(perSign[v], FloatUp(RoundingError.Up(sums[v] + error)));
        }
    }

    /// <summary>The larger bound of pair r's two sides, s_r·g and −s_r·g.</summary>
    private static double PairBound(double[] bounds, int r) => Math.Max(bounds[2 * r], bounds[(bounds.Length - 1) ^ (2 * r)]);

    private static double PairBound(float[] perSign, int r) => Math.Max(perSign[2 * r], perSign[(perSign.Length - 1) ^ (2 * r)]);

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

using System.Numerics;
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
        // the rows are taken largest first and the bounds spread again after each chunk.
        var steps = FlipSteps(g);
        var work = new double[perSign.Length];
        Spread(perSign, steps, n, work);
        var done = new bool[pairs];
        double best = 0, rest = 0;
        var chunk = FirstChunk;
        while (true)
        {
            // The largest rows left that could exceed what is reached anyway.
            var (next, below) = Largest(perSign, done, chunk, Math.Max(best, floor));
            if (next.Length == 0)
            {
                // Every row left is at most `below`, itself at most best or the floor.
                rest = below;
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
                // max(s·g) ≤ hi and max(−s·g) = −min(s·g) ≤ −lo (negation is exact).
                var r = next[t];
                done[r] = true;
                perSign[2 * r] = Math.Min(perSign[2 * r], FloatUp(hi[t]));
                perSign[mask ^ (2 * r)] = Math.Min(perSign[mask ^ (2 * r)], FloatUp(-lo[t]));
            }

            Spread(perSign, steps, n, work);
            for (var t = 0; t < count; t++)
            {
                best = Math.Max(best, PairBound(perSign, next[t]));
            }

            chunk *= 2;
        }

        return new SignVectorBounds(Math.Min(Math.Max(best, rest), separate), perSign);
    }

    /// <summary>
    /// For coordinate i, upper bounds on what s·g gains over s′·g when s′ has −s_i there and
    /// agrees elsewhere: 2·s_i·g_i ≤ 2u_i for s_i = 1, −2l_i for s_i = −1 (element 2i and 2i + 1;
    /// doubling is exact). Negative where g_i's sign is known: the step then lowers the bound.
    /// </summary>
    private static double[] FlipSteps(Box g)
    {
        var steps = new double[2 * g.Dimension];
        for (var i = 0; i < g.Dimension; i++)
        {
            steps[2 * i] = 2 * g.Hi(i);
            steps[(2 * i) + 1] = -2 * g.Lo(i);
        }

        return steps;
    }

    /// <summary>
    /// Lowers every sign vector's bound to what a bound of another gives with the steps between
    /// them: s·g = s′·g + Σ over the coordinates where they differ of 2·s_i·g_i, at every point,
    /// so bound(s) ≤ bound(s′) + Σ steps. The cheapest way from s′ to s flips each of those
    /// coordinates once (flipping one back and forth adds 2(u_i − l_i) ≥ 0), in any order, so
    /// one sweep over the coordinates, each relaxing every edge along it, finds the least over
    /// every s′ (a distance transform on the cube).
    /// Implementation note: the sweep runs in plain float64. A value it lowers is a recursive sum
    /// of one bound and at most n steps, and adding the error term is one more step: the sum of
    /// n + 2 terms errs by at most 2γ_(n+2) times the largest bound's magnitude plus every
    /// step's (<see cref="RoundingError.SumError"/>), which the error term is, so the float64
    /// result is an upper bound, rounded up again to float32.
    /// </summary>
    /// <param name="bounds">Room for the sweep, as long as <paramref name="perSign"/>.</param>
    private static void Spread(float[] perSign, double[] steps, int n, double[] bounds)
    {
        var full = perSign.Length;
        double reach = 0;
        for (var i = 0; i < n; i++)
        {
            if (double.IsNaN(steps[2 * i]) || double.IsNaN(steps[(2 * i) + 1]))
            {
                return;
            }

            reach = RoundingError.AddUp(reach, Math.Max(Math.Abs(steps[2 * i]), Math.Abs(steps[(2 * i) + 1])));
        }

        double largest = 0;
        for (var v = 0; v < full; v++)
        {
            bounds[v] = perSign[v];
            if (double.IsFinite(bounds[v]))
            {
                largest = Math.Max(largest, Math.Abs(bounds[v]));
            }
        }

        for (var i = 0; i < n; i++)
        {
            var bit = 1 << i;
            double toPlus = steps[2 * i], toMinus = steps[(2 * i) + 1];
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
                    // Plain comparisons: no value here is a NaN (checked above), and Math.Min's care for them costs.
                    var fromMinus = atMinus + toPlus;
                    var fromPlus = atPlus + toMinus;
                    plus[v] = fromMinus < atPlus ? fromMinus : atPlus;
                    minus[v] = fromPlus < atMinus ? fromPlus : atMinus;
                }
            }
        }

        var error = RoundingError.SumError(RoundingError.AddUp(largest, reach), n + 2);
        for (var v = 0; v < full; v++)
        {
            if (bounds[v] < perSign[v])
            {
                perSign[v] = Math.Min(perSign[v], FloatUp(bounds[v] + error));
            }
        }
    }

    /// <summary>
    /// The <paramref name="count"/> largest pairs not evaluated yet whose bound exceeds
    /// <paramref name="threshold"/> (all of them, if fewer), and the largest bound of the others left.
    /// </summary>
    private static (int[] Next, double Below) Largest(float[] perSign, bool[] done, int count, double threshold)
    {
        var above = new List<int>();
        double below = 0;
        for (var r = 0; r < done.Length; r++)
        {
            if (done[r])
            {
                continue;
            }

            var bound = PairBound(perSign, r);
            if (bound > threshold)
            {
                above.Add(r);
            }
            else
            {
                below = Math.Max(below, bound);
            }
        }

        var order = above.ToArray();
        if (order.Length <= count)
        {
            return (order, below);
        }

        var keys = new double[order.Length];
        for (var t = 0; t < order.Length; t++)
        {
            keys[t] = PairBound(perSign, order[t]);
        }

        SelectLargest(keys, order, count);
        return (order[..count], below);
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

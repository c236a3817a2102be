using System.Numerics;
using ExactLip.Bounds;
using ExactLip.Core;
using ExactLip.Network;
using ExactLip.Network.Layers;

namespace ExactLip.BranchAndBound;

/// <summary>
/// A certified bound on the dual norm of the gradient of cᵀf over a sub-domain with few free
/// neurons, by enumerating the free neurons' derivatives: the largest norm over every
/// derivative vector δ ∈ {0, 1}^F, with the rounding error of the float64 gradients bounded.
/// Implementation note: the gradient g(δ) = A₀ᵀD₁(δ)A₂ᵀ…D(δ)Aₗᵀc is multilinear in δ, and a
/// norm is convex, so over the cube [0, 1]^F (every Clarke derivative of the sub-domain's
/// points) its largest value is at a vertex; the bound is that value, exact for the relaxation
/// that keeps every derivative pattern, where the interval and linear bounds of the backward
/// pass bound each coordinate of g on its own and a norm of many coordinates adds their slack.
/// The vertices are visited depth first from the output, one layer's free neurons after
/// another: each layer's product Aᵀ(D s) is its fixed part once plus one row per free neuron
/// switched on, so a vertex costs one row addition per layer and the widest product is paid
/// once per pattern of the deeper layers. Every float64 gradient ĝ is a chain of sums of
/// products, so |ĝ − g| ≤ e entry-wise, where e is computed once per sub-domain from the
/// magnitudes with every free neuron on (<see cref="ErrorBound"/>), and ‖g‖ ≤ ‖ĝ‖ + ‖e‖, both
/// rounded up. The same visit gives, for each free neuron, the largest value over the vertices
/// with its derivative 1 and with it 0: the bound each half of a split on it would get from
/// this relaxation, which the objective branching rule reads.
/// </summary>
internal sealed class DerivativeVertexBound
{
    /// <summary>
    /// The default work allowed for one bound, in multiply-adds: about what the linear bounds of
    /// the backward pass cost on the MNIST networks of docs/benchmarks.md.
    /// </summary>
    public const long DefaultBudget = 1L << 24;

    /// <summary>
    /// The work a sub-domain's bound may spend on the visit: <see cref="DefaultBudget"/>, and
    /// none where the backward pass bounds every input coordinate linearly (up to
    /// <see cref="SignalBounds.InputGradientLimit"/> inputs): on the certify suite's networks (5
    /// and 10 inputs) the visits saved under 1% of the sub-domains and cost 10–20% more time
    /// (docs/benchmarks.md).
    /// </summary>
    public static long BudgetFor(PiecewiseLinearNetwork net) =>
        net.Network.InputSize <= SignalBounds.InputGradientLimit ? 0 : DefaultBudget;

    private readonly Stage[] _stages;
    private readonly Norm _norm;
    private readonly int _freeCount;
    private readonly double[][][] _buffers;
    private readonly bool[] _on;
    private double _best;
    private double[] _bestOn = Array.Empty<double>();
    private double[] _bestOff = Array.Empty<double>();
    private double[] _magnitude = Array.Empty<double>();
    private double _errorNorm;

    private DerivativeVertexBound(Stage[] stages, Norm norm)
    {
        _stages = stages;
        _norm = norm;
        _freeCount = stages.Sum(s => s.Free.Length);
        _on = new bool[_freeCount];
        _buffers = stages.Select(s => Enumerable.Range(0, s.Free.Length + 1).Select(_ => new double[s.Matrix.Columns]).ToArray()).ToArray();
    }

    /// <summary>
    /// The certified upper bound on ‖g‖ over the sub-domain, or the floor given when that is
    /// larger (subtrees that cannot beat the floor are not visited).
    /// </summary>
    public double Upper { get; private set; }

    /// <summary>For each free neuron (in <see cref="Compute"/>'s order), the largest bound over the vertices where it is active.</summary>
    public double[] WhenActive => _bestOn;

    /// <summary>For each free neuron, the largest bound over the vertices where it is inactive.</summary>
    public double[] WhenInactive => _bestOff;

    /// <summary>
    /// The bound for direction <paramref name="c"/> over activations <paramref name="acts"/>
    /// (a sub-domain's, its fixed signs applied), the free neurons being <paramref name="free"/>
    /// (global indices, the order of the per-neuron results); null when the network is not a
    /// chain of affine layers with ReLUs between them or the visit would cost more than
    /// <paramref name="budget"/> multiply-adds. A <paramref name="floor"/> (the run's lower
    /// bound) lets the visit skip what cannot exceed it: the bound is then max(floor, maximum).
    /// </summary>
    public static DerivativeVertexBound? Compute(PiecewiseLinearNetwork net, IReadOnlyList<Box> acts, double[] c, Norm norm, int[] free, long budget, double floor = 0)
    {
        // The vertices are derivatives 0 and 1: a leaky layer's off derivative is α, which this
        // enumeration does not state, so such a network keeps the interval and linear bounds.
        if (net.HasNegativeSlope || Stages(net, acts, free) is not { } stages || Cost(stages) > budget)
        {
            return null;
        }

        var bound = new DerivativeVertexBound(stages, norm);
        bound.Run(c, floor);
        return bound;
    }

    /// <summary>
    /// One affine layer of the backward pass with the ReLU after it (in the forward order):
    /// s ↦ Aᵀ(D s), where D keeps the active neurons and the free ones switched on.
    /// </summary>
    private sealed record Stage(SparseMatrix Matrix, int[] Active, int[] Free, int[] FreeSlots, bool Gated);

    /// <summary>The stages from the output back to the input; null for another network shape.</summary>
    private static Stage[]? Stages(PiecewiseLinearNetwork net, IReadOnlyList<Box> acts, int[] free)
    {
        var layers = net.Layers;
        var slotOf = new Dictionary<int, int>();
        for (var t = 0; t < free.Length; t++)
        {
            slotOf[free[t]] = t;
        }

        var stages = new List<Stage>();
        var k = layers.Count - 1;
        while (k >= 0)
        {
            if (layers[k] is not LinearLayer linear)
            {
                return null;
            }

            var gated = k + 1 < layers.Count;
            var active = new List<int>();
            var freeHere = new List<int>();
            var slots = new List<int>();
            if (gated)
            {
                // The ReLU k + 1 gates the signal before it reaches this affine layer's backward step.
                var pre = acts[k + 1];
                for (var i = 0; i < pre.Dimension; i++)
                {
                    if (pre.Hi(i) <= 0)
                    {
                        continue;
                    }

                    if (pre.Lo(i) >= 0)
                    {
                        active.Add(i);
                    }
                    else if (slotOf.TryGetValue(net.Offsets[k + 1] + i, out var slot))
                    {
                        freeHere.Add(i);
                        slots.Add(slot);
                    }
                    else
                    {
                        return null;
                    }
                }
            }

            stages.Add(new Stage(linear.Matrix, active.ToArray(), freeHere.ToArray(), slots.ToArray(), gated));
            k--;
            if (k >= 0)
            {
                if (layers[k] is not ReluLayer)
                {
                    return null;
                }

                k--;
                if (k < 0)
                {
                    return null;
                }
            }
        }

        return stages.Sum(s => s.Free.Length) == free.Length ? stages.ToArray() : null;
    }

    /// <summary>The multiply-adds of the visit: each stage's fixed part once per pattern of the deeper free neurons, one row per node below it, and a norm per vertex.</summary>
    private static double Cost(Stage[] stages)
    {
        double patterns = 1, cost = 0;
        foreach (var s in stages)
        {
            var width = (double)s.Matrix.Columns;
            var fixedRows = s.Gated ? s.Active.Length : s.Matrix.Rows;
            cost += patterns * ((fixedRows * width) + ((Math.Pow(2, s.Free.Length + 1) - 2) * width));
            patterns *= Math.Pow(2, s.Free.Length);
        }

        return cost + (patterns * stages[^1].Matrix.Columns);
    }

    private void Run(double[] c, double floor)
    {
        _errorNorm = RoundingError.NormUp(_norm, ErrorBound(c));
        _best = Math.Max(floor, 0);
        _bestOn = new double[_freeCount];
        _bestOff = new double[_freeCount];
        _magnitude = new double[_stages[^1].Matrix.Columns];
        Visit(0, c);
        Upper = _best;
    }

    /// <summary>
    /// e with |ĝ − g| ≤ e entry-wise at every vertex. With P the magnitudes of every path product
    /// (|Aᵀ| D⁺ … |c|, D⁺ every free neuron on), an upper bound on |s| for every vertex, each
    /// stage of n summed terms adds at most 2γₙ|Aᵀ|D⁺|ŝ| + 2nη (<see cref="RoundingError.SumError"/>)
    /// to the error e it carries through |Aᵀ|D⁺, and |ŝ| ≤ P + e; so
    /// e' = |Aᵀ|D⁺((1 + 2γₙ)e + 2γₙP) + 2nη, every operation rounded up.
    /// </summary>
    private double[] ErrorBound(double[] c)
    {
        var p = c.Select(Math.Abs).ToArray();
        var e = new double[c.Length];
        foreach (var s in _stages)
        {
            var n = s.Matrix.Rows;
            var gamma = RoundingError.TwiceGamma(n);
            var w = new double[n];
            var kept = new double[n];
            foreach (var i in Rows(s))
            {
                w[i] = RoundingError.AddUp(RoundingError.MultiplyUp(RoundingError.AddUp(1, gamma), e[i]), RoundingError.MultiplyUp(gamma, p[i]));
                kept[i] = p[i];
            }

            p = AbsTransposedUp(s.Matrix, kept);
            e = AbsTransposedUp(s.Matrix, w);
            var underflow = 2.0 * n * double.Epsilon;
            for (var j = 0; j < e.Length; j++)
            {
                e[j] = RoundingError.AddUp(e[j], underflow);
            }
        }

        return e;
    }

    /// <summary>The rows the signal passes: every row of an ungated stage, else the active and free neurons.</summary>
    private static IEnumerable<int> Rows(Stage s) => s.Gated ? s.Active.Concat(s.Free) : Enumerable.Range(0, s.Matrix.Rows);

    /// <summary>An upper bound on |A|ᵀv for non-negative v: the float64 sums rounded up by their error bound.</summary>
    private static double[] AbsTransposedUp(SparseMatrix a, double[] v)
    {
        var x = new double[a.Columns];
        for (var i = 0; i < a.Rows; i++)
        {
            if (v[i] == 0)
            {
                continue;
            }

            for (var k = a.RowStart[i]; k < a.RowStart[i + 1]; k++)
            {
                x[a.ColumnIndex[k]] += Math.Abs(a.Values[k]) * v[i];
            }
        }

        for (var j = 0; j < x.Length; j++)
        {
            x[j] = RoundingError.NonNegativeSumUp(x[j], a.Rows);
        }

        return x;
    }

    /// <summary>Stage t's fixed part of Aᵀ(D s), then its free neurons one by one.</summary>
    private void Visit(int t, double[] s)
    {
        if (t == _stages.Length)
        {
            Leaf(s);
            return;
        }

        var stage = _stages[t];
        var start = _buffers[t][0];
        Array.Clear(start);
        foreach (var i in stage.Gated ? stage.Active : Enumerable.Range(0, stage.Matrix.Rows))
        {
            AddRow(start, stage.Matrix, i, s[i]);
        }

        Switch(t, 0, s, start);
    }

    /// <summary>Free neurons left in the input layer from which a subtree is bounded before it is visited.</summary>
    private const int PruneFrom = 3;

    /// <summary>
    /// An upper bound on ‖g‖ at every vertex below a node of the last stage, without visiting
    /// them: there ĝ = fl(base + Σ δⱼ tⱼ) with tⱼ = fl(sⱼ·Aⱼ), so each coordinate of the exact sum
    /// of the float terms lies between base + Σ min(tⱼ, 0) and base + Σ max(tⱼ, 0), and ĝ differs
    /// from it, as the computed ends do from theirs, by at most the error bound of a sum of
    /// f + 1 terms of magnitude |base| + Σ|tⱼ| (<see cref="RoundingError.SumError"/>); g is within
    /// e of ĝ.
    /// </summary>
    private double SubtreeBound(Stage stage, int index, double[] s, double[] start)
    {
        var n = start.Length;
        var low = (double[])start.Clone();
        var high = (double[])start.Clone();
        var size = start.Select(Math.Abs).ToArray();
        foreach (var r in stage.Free.Skip(index))
        {
            var scale = s[r];
            if (scale == 0)
            {
                continue;
            }

            for (var k = stage.Matrix.RowStart[r]; k < stage.Matrix.RowStart[r + 1]; k++)
            {
                var i = stage.Matrix.ColumnIndex[k];
                var term = stage.Matrix.Values[k] * scale;
                if (term < 0)
                {
                    low[i] += term;
                }
                else
                {
                    high[i] += term;
                }

                size[i] += Math.Abs(term);
            }
        }

        var terms = stage.Free.Length - index + 1;
        for (var i = 0; i < n; i++)
        {
            var error = 2 * RoundingError.SumError(size[i], terms);
            _magnitude[i] = RoundingError.AddUp(Math.Max(Math.Abs(low[i]), Math.Abs(high[i])), error);
        }

        return RoundingError.AddUp(RoundingError.NormUp(_norm, _magnitude), _errorNorm);
    }

    /// <summary>A pruned subtree's bound counts for both halves of its own free neurons and for the halves the path to it chose.</summary>
    private void Pruned(Stage stage, int index, double bound)
    {
        var own = new HashSet<int>(stage.FreeSlots.Skip(index));
        for (var slot = 0; slot < _on.Length; slot++)
        {
            if (own.Contains(slot) || _on[slot])
            {
                _bestOn[slot] = Math.Max(_bestOn[slot], bound);
            }

            if (own.Contains(slot) || !_on[slot])
            {
                _bestOff[slot] = Math.Max(_bestOff[slot], bound);
            }
        }
    }

    private void Switch(int t, int index, double[] s, double[] current)
    {
        var stage = _stages[t];
        if (index == stage.Free.Length)
        {
            Visit(t + 1, current);
            return;
        }

        if (t == _stages.Length - 1 && stage.Free.Length - index >= PruneFrom && SubtreeBound(stage, index, s, current) is var subtree && subtree <= _best)
        {
            // No vertex below beats one already seen (or the floor): each half keeps the subtree's bound.
            Pruned(stage, index, subtree);
            return;
        }

        var slot = stage.FreeSlots[index];
        _on[slot] = false;
        Switch(t, index + 1, s, current);
        var next = _buffers[t][index + 1];
        current.AsSpan().CopyTo(next);
        AddRow(next, stage.Matrix, stage.Free[index], s[stage.Free[index]]);
        _on[slot] = true;
        Switch(t, index + 1, s, next);
    }

    private void Leaf(double[] g)
    {
        for (var i = 0; i < g.Length; i++)
        {
            _magnitude[i] = Math.Abs(g[i]);
        }

        var value = RoundingError.AddUp(RoundingError.NormUp(_norm, _magnitude), _errorNorm);
        _best = Math.Max(_best, value);
        for (var slot = 0; slot < _on.Length; slot++)
        {
            if (_on[slot])
            {
                _bestOn[slot] = Math.Max(_bestOn[slot], value);
            }
            else
            {
                _bestOff[slot] = Math.Max(_bestOff[slot], value);
            }
        }
    }

    /// <summary>target += scale · (row i of A): one product and one sum per entry.</summary>
    private static void AddRow(double[] target, SparseMatrix a, int i, double scale)
    {
        if (scale == 0)
        {
            return;
        }

        var (from, to) = (a.RowStart[i], a.RowStart[i + 1]);
        if (!a.IsDense)
        {
            for (var k = from; k < to; k++)
            {
                target[a.ColumnIndex[k]] += a.Values[k] * scale;
            }

            return;
        }

        var row = a.Values.AsSpan(from, to - from);
        var span = target.AsSpan();
        var j = 0;
        if (Vector.IsHardwareAccelerated && row.Length >= Vector<double>.Count)
        {
            var factor = new Vector<double>(scale);
            for (; j <= row.Length - Vector<double>.Count; j += Vector<double>.Count)
            {
                (new Vector<double>(span[j..]) + (new Vector<double>(row[j..]) * factor)).CopyTo(span[j..]);
            }
        }

        for (; j < row.Length; j++)
        {
            span[j] += row[j] * scale;
        }
    }
}

using ExactLip.Bounds;
using ExactLip.Core;
using ExactLip.Network;
using ExactLip.Network.Layers;

namespace ExactLip.BranchAndBound;

/// <summary>
/// Bounds over one sub-domain: pre-activation bounds that use the fixed signs, bounds on the
/// back-propagated signal for each direction (interval, or linear through the backward pass
/// when the search uses linear bounds), the quantity's upper bound (the smaller of the backward
/// pass's and, where few neurons are free, the derivative-vertex bound of
/// <see cref="DerivativeVertexBound"/>; where the quantity is the largest ℓ1 norm of its
/// directions' gradients (a scalar cᵀf, or ‖J‖∞→∞) on up to
/// <see cref="SignVectorBounds.InputLimit"/> inputs, the backward pass bounds each over every
/// sign vector, each half starting from its parent's sign vectors' bounds), and the neurons left
/// undecided with their branching scores.
/// Implementation note: a fixed sign is applied where it is known, on the pre-activation bounds
/// of its ReLU (active: lower bound raised to 0; inactive: upper bound lowered to 0), before
/// the next layer is bounded. That one step makes the neuron stable for every later use: its
/// derivative becomes α (0 for ReLU) or 1 in the backward pass, and its linear relaxation in the
/// back-substitution of deeper layers becomes exact. The bounds are sound for the points of the
/// sub-domain only (x in the box with the fixed signs), which is all the search needs. A sign
/// that contradicts the bounds (active with upper bound ≤ 0) empties the sub-domain at once, and
/// so do two bounds on one value that cross (<see cref="Box.TryIntersect(Box)"/>): each is rounded
/// outward and holds at every point of the sub-domain, so a crossing proves it has none.
/// A neuron split is bounded from its parent's bounds (<see cref="Compute"/>,
/// <see cref="PropagateWithin"/>): on wide inputs the linear bounds of every neuron, each a pass
/// back to the input, were most of the cost of a sub-domain with a handful of undecided neurons.
/// </summary>
internal sealed class DomainBounds
{
    private DomainBounds(Box[] activations, Box[][] gradients, double upper, int[] free, double[] scores)
    {
        Activations = activations;
        Gradients = gradients;
        Upper = upper;
        Free = free;
        Scores = scores;
    }

    /// <summary>Each direction's sign-vector bounds of Σ|g_i| (<see cref="SignVectorBounds"/>), kept for the halves; null where not computed.</summary>
    private SignVectorBounds?[]? _signVectors;

    /// <summary>The optimal vertices of the first ReLU layer's bound LPs (<see cref="OptimalVertices"/>), kept for the halves; null where not computed.</summary>
    private OptimalVertices? _vertices;

    /// <summary>Each direction's bound on Σ|g_i| (linear bounds of a quantity bounded by absolute sums), kept for the halves; null where not computed.</summary>
    private double[]? _directionBounds;

    /// <summary>The optimal vertex of the LP that took first-layer neuron <paramref name="neuron"/> up (or down) over these bounds' split constraints, or null.</summary>
    internal double[]? LpVertex(int neuron, bool upperSide) => _vertices?.Get(neuron, upperSide);

    /// <summary>Bounds on the input of every layer (the input box first).</summary>
    public Box[] Activations { get; }

    /// <summary>For each direction, bounds on the signal at the input of every layer (element 0: the input gradient).</summary>
    public Box[][] Gradients { get; }

    /// <summary>The certified bound on the quantity over the sub-domain.</summary>
    public double Upper { get; }

    /// <summary>Global indices of the neurons neither fixed nor decided by the bounds.</summary>
    public int[] Free { get; }

    /// <summary>The branching score of each free neuron (same order).</summary>
    public double[] Scores { get; }

    /// <returns>The bounds, or null when the fixed signs contradict them or two bounds on one value cross (the sub-domain is empty).</returns>
    /// <param name="parent">
    /// Bounds of a sub-domain that contains this one (a half of it: the same box with more fixed
    /// signs, <paramref name="parentSigns"/> extended by <paramref name="signs"/>, or part of its
    /// box with the same signs), or null. Its sign vectors' bounds hold here
    /// (<see cref="SignVectorBounds"/>). Over the same box, the forward bounds up to the first layer with a
    /// newly fixed sign depend only on the box and the signs before it, so they are taken from the
    /// parent, bit for bit; later layers reuse the parent's bounds as <see cref="PropagateWithin"/> says.
    /// </param>
    /// <param name="splitMultipliers">
    /// Use the multipliers of the first layer's split constraints (<see cref="SplitConstraintBounds"/>)
    /// in the linear bounds of a neuron split; false: CROWN's bounds alone.
    /// </param>
    /// <param name="inside">A point of the sub-domain, or null (<see cref="Forward"/>).</param>
    public static DomainBounds? Compute(PiecewiseLinearNetwork net, Box box, sbyte[] signs, bool linear, JacobianQuantity quantity, BranchingRule rule, DomainBounds? parent = null, sbyte[]? parentSigns = null, long? vertexBudget = null, double floor = 0, bool splitMultipliers = false, double[]? inside = null)
    {
        var vertices = new OptimalVertices();
        return Forward(net, box, signs, linear, parent?.Activations, parentSigns, splitMultipliers, inside, parent?._vertices, vertices) is { } acts
            ? Compute(net, acts, signs, linear, quantity, rule, vertexBudget, floor, parent, vertices)
            : null;
    }

    /// <summary>
    /// The forward bounds alone (the input of every layer, the box first) that
    /// <see cref="Compute(PiecewiseLinearNetwork, Box, sbyte[], bool, JacobianQuantity, BranchingRule, DomainBounds?, sbyte[]?, long?, double, bool, double[])"/>
    /// starts from, with the parent's forward bounds <paramref name="parentActs"/>; null when the
    /// sub-domain is empty. A chain of splits replayed through it gives each step the bounds the
    /// search gave it (the rest of a sub-domain's bounds is not read by its children).
    /// </summary>
    /// <param name="inside">
    /// A point of the sub-domain, or null. The last ReLU layer's inputs are bounded only to decide
    /// their signs either way, and the multipliers are not looked for on a side that a point shows
    /// cannot be decided (<see cref="SplitConstraintBounds.LinearBounds(IReadOnlyList{Layer}, Box[], int, IReadOnlyList{int}, IReadOnlyList{double[]})"/>):
    /// this one, or the LPs' own vertices. Any point keeps the bounds sound; one outside only loosens them.
    /// </param>
    public static Box[]? Forward(PiecewiseLinearNetwork net, Box box, sbyte[] signs, bool linear, Box[]? parentActs, sbyte[]? parentSigns, bool splitMultipliers, double[]? inside = null) =>
        Forward(net, box, signs, linear, parentActs, parentSigns, splitMultipliers, inside, null, null);

    /// <param name="inherited">The parent's first-layer LP vertices (<see cref="OptimalVertices"/>), or null.</param>
    /// <param name="found">Receives this sub-domain's, or null.</param>
    internal static Box[]? Forward(PiecewiseLinearNetwork net, Box box, sbyte[] signs, bool linear, Box[]? parentActs, sbyte[]? parentSigns, bool splitMultipliers, double[]? inside, OptimalVertices? inherited, OptimalVertices? found)
    {
        var splits = linear && splitMultipliers ? SplitConstraintBounds.For(net, box, signs) : null;
        var layers = net.Layers;
        var acts = new Box[layers.Count + 1];
        acts[0] = box;
        var first = 0;
        if (parentActs is not null && parentSigns is not null && ReferenceEquals(parentActs[0], box) && FirstNewSign(signs, parentSigns) is { } g
            && net.LayerOfNeuron[g] > 0)
        {
            // acts[r] is the input of the ReLU layer r > 0 of the first new sign: the parent's bounds
            // there are the same box before its signs were applied, and applying a superset of
            // its signs again is the same as applying them to the unclamped box (Clamp only raises
            // lower ends to 0 or lowers upper ends to 0, and its emptiness tests read the end it
            // does not change).
            var r = net.LayerOfNeuron[g];
            Array.Copy(parentActs, acts, r);
            if (Clamp(parentActs[r], signs, net.Offsets[r]) is not { } clamped)
            {
                return null;
            }

            // The new sign is one more constraint on the sub-domain's points: the other free
            // neurons of its layer are bounded again with it (the earlier layers keep the parent's).
            acts[r] = clamped;
            if (splits is not null && layers[r - 1] is LinearLayer)
            {
                if (TightenLayer(splits, layers, acts, r, signs, net.Offsets[r], inside, inherited, found) is not { } cut)
                {
                    return null;
                }

                acts[r] = cut;
            }

            first = r;
        }

        // A fixed sign is applied on its ReLU's input before the next layer is bounded; linear
        // bounds pay only where a ReLU follows (the output's bounds are not used).
        Box? WithSigns(int k, Box output) =>
            k + 1 < layers.Count && layers[k + 1] is ReluLayer ? Clamp(output, signs, net.Offsets[k + 1]) : output;
        var okF = first > 0
            ? PropagateWithin(layers, acts, first, parentActs!, linear, WithSigns, splits, inside, inherited, found)
            : BoundPropagation.Propagate(layers, acts, 0, linear ? BoundsMethod.Crown : BoundsMethod.Interval, WithSigns, linearOnOutput: false);
        return okF ? acts : null;
    }

    /// <summary>
    /// The bounds of a sub-domain from its forward bounds <paramref name="acts"/> (<see cref="Forward"/>); null when empty.
    /// A <paramref name="parent"/> (a sub-domain containing this one) lends its sign vectors' bounds.
    /// </summary>
    /// <param name="vertices">The first ReLU layer's LP vertices that the forward pass found, kept for the halves, or null.</param>
    public static DomainBounds? Compute(PiecewiseLinearNetwork net, Box[] acts, sbyte[] signs, bool linear, JacobianQuantity quantity, BranchingRule rule, long? vertexBudget = null, double floor = 0, DomainBounds? parent = null, OptimalVertices? vertices = null)
    {
        var layers = net.Layers;
        var directions = quantity.Directions;
        var grads = new Box[directions.Count][];
        var absoluteSums = linear && quantity.BoundsByAbsoluteSums ? new double[directions.Count] : null;
        var signVectors = absoluteSums is not null && layers[0].InputSize <= SignVectorBounds.InputLimit ? new SignVectorBounds?[directions.Count] : null;
        var enclosing = absoluteSums is not null ? parent?._directionBounds : null;

        // The directions the parent bounded highest first, each bounded over every sign vector
        // as well (from the parent's sign vectors' bounds), skipping the rows that cannot exceed
        // the search's lower bound (a sub-domain bounded below it is done with, whatever its
        // bound). A direction whose parent's bound is at most the largest bound so far, or the
        // lower bound, keeps the parent's bounds: they hold here, and no bound of its own could
        // change the quantity's. Its rows are not cut off at the other directions' bounds: a
        // bound left just below them would be computed again in nearly every half, as those
        // fall (measured on 10-60-60-3's ‖J‖∞→∞: 10% slower). A direction whose bound from the
        // absolute sums is already at most what is reached has no sign vectors of its own: they
        // could only lower a bound that changes nothing.
        var reached = floor;
        foreach (var d in DirectionOrder(enclosing, directions.Count))
        {
            if (enclosing is not null && enclosing[d] <= reached)
            {
                grads[d] = parent!.Gradients[d];
                absoluteSums![d] = enclosing[d];
                signVectors?[d] = parent._signVectors?[d];
                continue;
            }

            var weights = Box.Point(directions[d]);
            SignalPass? pass = null;
            // Two crossing bounds on the signal prove that no point has these activations: empty.
            if ((linear ? SignalBounds.TryCompute(layers, acts, weights, out pass) : BoundPropagation.Backward(net.Network, acts, weights)) is not { } signal)
            {
                return null;
            }

            grads[d] = signal;
            if (absoluteSums is null)
            {
                continue;
            }

            absoluteSums[d] = SignalBounds.AbsoluteSumUpperBound(layers, acts, signal, pass);
            if (signVectors is not null && absoluteSums[d] > reached && SignVectorBounds.Compute(layers, acts, signal, parent?._signVectors?[d], floor, pass) is { } signed)
            {
                signVectors[d] = signed;
                absoluteSums[d] = Math.Min(absoluteSums[d], signed.Upper);
            }

            reached = Math.Max(reached, absoluteSums[d]);
        }

        // The bound is rounded outward throughout (JacobianQuantity.Bound): no margin on top.
        var upper = quantity.Bound(grads.Select(g => g[0]).ToArray(), absoluteSums);
        var (free, scores) = Score(net, acts, grads, signs, rule);
        if (Vertices(net, acts, quantity, free, vertexBudget ?? DerivativeVertexBound.BudgetFor(net), floor) is { } derivativeVertices)
        {
            upper = Math.Min(upper, derivativeVertices.Upper);
            if (rule == BranchingRule.Objective)
            {
                scores = ObjectiveScores(derivativeVertices, scores);
            }
        }

        return new DomainBounds(acts, grads, upper, free, scores) { _signVectors = signVectors, _directionBounds = absoluteSums, _vertices = vertices };
    }

    /// <summary>The directions, those with the largest enclosing bounds first (in order where there are none).</summary>
    private static int[] DirectionOrder(double[]? enclosing, int count)
    {
        var order = new int[count];
        for (var d = 0; d < count; d++)
        {
            order[d] = d;
        }

        if (enclosing is not null && count > 1)
        {
            // Plain arrays, not LINQ: this runs for every sub-domain.
            var keys = new double[count];
            for (var d = 0; d < count; d++)
            {
                keys[d] = -enclosing[d];
            }

            Array.Sort(keys, order);
        }

        return order;
    }

    /// <summary>
    /// The forward bounds from layer <paramref name="first"/> on for a sub-domain inside the one
    /// bounded by <paramref name="parentActs"/> (same box, more fixed signs): every bound is the
    /// interval bound intersected with the parent's, which holds at every point of the parent and
    /// so of this sub-domain; linear bounds are computed only for the neurons the parent left
    /// undecided. A neuron the parent's bounds decide stays decided, and its relaxation in the
    /// back-substitution (identity or zero) does not depend on its bounds (only the rounding
    /// terms read their magnitude), so its own linear bound would change nothing but those
    /// terms; the rows left out were the bulk of the cost (a few undecided neurons in layers of
    /// hundreds, each row a pass back to the input).
    /// </summary>
    /// <returns>False when two bounds on one value cross or a fixed sign is impossible: the sub-domain is empty.</returns>
    /// <param name="inside">A point of the sub-domain, or null.</param>
    /// <param name="inherited">The parent's LP vertices and points (<see cref="OptimalVertices"/>), or null.</param>
    /// <param name="found">Receives this sub-domain's, or null.</param>
    private static bool PropagateWithin(IReadOnlyList<Layer> layers, Box[] acts, int first, Box[] parentActs, bool linear, Func<int, Box, Box?> withSigns, SplitConstraintBounds? splits, double[]? inside, OptimalVertices? inherited, OptimalVertices? found)
    {
        for (var k = first; k < layers.Count; k++)
        {
            var box = layers[k].ForwardInterval(acts[k]);
            if (linear && layers[k].IsLinear && k > 0 && k + 1 < layers.Count && !BoundPropagation.FeedsLinear(layers, k))
            {
                var undecided = Undecided(parentActs[k + 1]);
                if (undecided.Length > 0)
                {
                    var tighter = splits is not null ? splits.LinearBounds(layers, acts, k, undecided, null, DecideWith(layers, k, inside), inherited, found) : BoundPropagation.LinearBounds(layers, acts, k, undecided);
                    if (box.TryIntersect(undecided, tighter) is not { } tightened)
                    {
                        return false;
                    }

                    box = tightened;
                }
            }

            if (box.TryIntersect(parentActs[k + 1]) is not { } within || withSigns(k, within) is not { } kept)
            {
                return false;
            }

            acts[k + 1] = kept;
        }

        return true;
    }

    /// <summary>True when layer k's output is the input of a ReLU layer after which every layer is linear.</summary>
    private static bool FeedsLastRelu(IReadOnlyList<Layer> layers, int k)
    {
        if (k + 1 >= layers.Count || layers[k + 1] is not ReluLayer)
        {
            return false;
        }

        for (var j = k + 2; j < layers.Count; j++)
        {
            if (!layers[j].IsLinear)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The pre-activation bounds <c>acts[r]</c> of ReLU layer r (signs applied) with each free,
    /// undecided neuron bounded again over the split constraints (<see cref="SplitConstraintBounds"/>;
    /// the last ReLU layer's only to decide their signs, <see cref="DecideWith"/>: measured on
    /// 10-60-60-3's ‖J‖∞→∞, 1% more sub-domains than with every side's LP to its optimum, 7% less
    /// time); null when two bounds on one neuron cross: both hold at every point of the
    /// sub-domain, so it has none.
    /// </summary>
    private static Box? TightenLayer(SplitConstraintBounds splits, IReadOnlyList<Layer> layers, Box[] acts, int r, sbyte[] signs, int offset, double[]? inside, OptimalVertices? inherited, OptimalVertices? found)
    {
        var pre = acts[r];
        var rows = Undecided(pre).Where(i => signs[offset + i] == 0).ToArray();
        if (rows.Length == 0)
        {
            return pre;
        }

        return pre.TryIntersect(rows, splits.LinearBounds(layers, acts, r - 1, rows, null, DecideWith(layers, r - 1, inside), inherited, found));
    }

    /// <summary>
    /// The points that layer k's outputs are bounded with only to decide their signs (the inputs
    /// of the last ReLU layer: <see cref="SplitConstraintBounds.LinearBounds(IReadOnlyList{Layer}, Box[], int, IReadOnlyList{int}, IReadOnlyList{double[]})"/>),
    /// the sub-domain's point if known; null for the layers whose bounds are wanted tight.
    /// </summary>
    private static double[][]? DecideWith(IReadOnlyList<Layer> layers, int k, double[]? inside) =>
        !FeedsLastRelu(layers, k) ? null : inside is null ? [] : [inside];

    /// <summary>The coordinates whose interval contains 0 strictly inside.</summary>
    private static int[] Undecided(Box pre)
    {
        var rows = new List<int>();
        for (var i = 0; i < pre.Dimension; i++)
        {
            if (pre.Lo(i) < 0 && pre.Hi(i) > 0)
            {
                rows.Add(i);
            }
        }

        return rows.ToArray();
    }

    /// <summary>
    /// The first neuron whose sign <paramref name="signs"/> fixes and <paramref name="parentSigns"/>
    /// leaves free; null when there is none or when the signs do not extend the parent's.
    /// </summary>
    private static int? FirstNewSign(sbyte[] signs, sbyte[] parentSigns)
    {
        if (signs.Length != parentSigns.Length)
        {
            return null;
        }

        int? first = null;
        for (var g = 0; g < signs.Length; g++)
        {
            if (parentSigns[g] != 0 && signs[g] != parentSigns[g])
            {
                return null;
            }

            if (first is null && parentSigns[g] == 0 && signs[g] != 0)
            {
                first = g;
            }
        }

        return first;
    }

    /// <summary>The pre-activation box with the fixed signs applied; null when a sign is impossible.</summary>
    private static Box? Clamp(Box pre, sbyte[] signs, int offset)
    {
        var lo = pre.Lower.ToArray();
        var hi = pre.Upper.ToArray();
        for (var i = 0; i < lo.Length; i++)
        {
            switch (signs[offset + i])
            {
                case 1:
                    if (hi[i] <= 0)
                    {
                        return null;
                    }

                    lo[i] = Math.Max(lo[i], 0);
                    break;
                case -1:
                    if (lo[i] >= 0)
                    {
                        return null;
                    }

                    hi[i] = Math.Min(hi[i], 0);
                    break;
            }
        }

        return new Box(lo, hi);
    }

    /// <summary>What the vertex enumeration gives over all directions: the bound and, per free neuron, the bound of each half.</summary>
    private sealed record VertexSummary(double Upper, double[] WhenActive, double[] WhenInactive);

    /// <summary>
    /// The derivative-vertex bound (<see cref="DerivativeVertexBound"/>) where the quantity is a
    /// largest dual norm of gradients (a scalar cᵀf, or ‖J‖ with ℓ∞ output: the largest over
    /// the rows); null when it does not apply or costs more than the budget.
    /// </summary>
    private static VertexSummary? Vertices(PiecewiseLinearNetwork net, Box[] acts, JacobianQuantity quantity, int[] free, long budget, double floor)
    {
        if (budget <= 0 || !(quantity.Quantity.IsScalar || quantity.Quantity.OutputNorm == Norm.Linf))
        {
            return null;
        }

        var dual = quantity.Quantity.InputNorm.Dual();
        double upper = 0;
        var on = new double[free.Length];
        var off = new double[free.Length];
        foreach (var c in quantity.Directions)
        {
            if (DerivativeVertexBound.Compute(net, acts, c, dual, free, budget, floor) is not { } bound)
            {
                return null;
            }

            upper = Math.Max(upper, bound.Upper);
            for (var j = 0; j < free.Length; j++)
            {
                on[j] = Math.Max(on[j], bound.WhenActive[j]);
                off[j] = Math.Max(off[j], bound.WhenInactive[j]);
            }
        }

        return new VertexSummary(upper, on, off);
    }

    /// <summary>
    /// Scores aimed at the bound: by how much the lower of the two halves' vertex bounds falls
    /// below the sub-domain's (the other half keeps it: the largest vertex is in one of them).
    /// Where no split lowers either half, the fallback order stays.
    /// </summary>
    private static double[] ObjectiveScores(VertexSummary vertices, double[] fallback)
    {
        var drop = new double[fallback.Length];
        for (var j = 0; j < drop.Length; j++)
        {
            drop[j] = vertices.Upper - Math.Min(vertices.WhenActive[j], vertices.WhenInactive[j]);
        }

        return drop.Any(d => d > 0) ? drop : fallback;
    }

    private static (int[] Free, double[] Scores) Score(PiecewiseLinearNetwork net, Box[] acts, Box[][] grads, sbyte[] signs, BranchingRule rule)
    {
        var free = new List<int>();
        var scores = new List<double>();
        var layers = net.Layers;
        for (var k = 0; k < layers.Count; k++)
        {
            if (layers[k] is not ReluLayer)
            {
                continue;
            }

            var pre = acts[k];
            for (var i = 0; i < pre.Dimension; i++)
            {
                double l = pre.Lo(i), u = pre.Hi(i);
                if (signs[net.Offsets[k] + i] != 0 || l >= 0 || u <= 0)
                {
                    continue;
                }

                // The signal this neuron gates: its derivative in {α, 1} multiplies it.
                double signal = 0;
                foreach (var g in grads)
                {
                    signal += Math.Max(Math.Abs(g[k + 1].Lo(i)), Math.Abs(g[k + 1].Hi(i)));
                }

                free.Add(net.Offsets[k] + i);
                scores.Add(rule switch
                {
                    BranchingRule.Width => u - l,
                    BranchingRule.Signal => signal,
                    BranchingRule.LayerOrder or BranchingRule.Objective => ((layers.Count - k) * 1e12) + Math.Min(u - l, 1e11),
                    _ => signal * (-l * u / (u - l)),
                });
            }
        }

        return (free.ToArray(), scores.ToArray());
    }
}

using ExactLip.Core;
using ExactLip.Network;
using ExactLip.Network.Layers;
using ExactLip.Network.Relaxation;

namespace ExactLip.BranchAndBound;

/// <summary>
/// Linear bounds that use a sub-domain's split constraints (β-CROWN's multipliers): a fixed
/// neuron j, sign s_j, has s_j·z_j ≥ 0 at every point of the sub-domain, so for β_j ≥ 0 a bound
/// t ≤ (linear function) + c stays a bound when β_j times anything that is ≥ 0 there is added.
/// Implementation note: two kinds of constraint, both turned into rows over the input x.
/// (1) A fixed neuron of the first ReLU layer: z_j = a_j·x + b_j is affine in x, so the
/// multiplier is added to CROWN's row where the back-substitution reaches the first layer's
/// pre-activations z: t ≤ (r + β∘s)·z + c. Adding β_j·s_j to a float64 coefficient moves it,
/// after rounding to nearest, by a real amount of the sign of s_j or not at all (rounding is
/// monotone), which is all the argument needs; the rest is the ordinary back-substitution and
/// evaluation, rounded outward (<see cref="LinearBoundSet"/>). (2) A fixed neuron of a later ReLU
/// layer: CROWN's upper bound of s_j·z_j over the box, G_j·x + g_j, is ≥ s_j·z_j ≥ 0 at the
/// sub-domain's points, a cut over x; a row t ≤ U·x + c becomes t ≤ U·x + c + Σ β_j (G_j·x + g_j),
/// summed as one affine step whose rounding is bounded (<see cref="AffineStepRounding"/>).
/// The multipliers come from the small LP max (row over x) over {x in the box, every cut ≥ 0}
/// (<see cref="BoxedLp"/>; Lagrangian duality: at its optimum they give the LP's maximum). They are
/// only numbers: a multiplier counts only when it is finite and non-negative, and the LP's
/// optimum is never read. Each bound is the tighter of the one with multipliers and the plain
/// one (β = 0, the same rows), so it is never looser than CROWN's.
/// Measured on the certify suite's 10-60-60-3 at ε = 0.2, about 70% of the splits had one half
/// empty because the split hyperplanes had already decided the neuron; these bounds decide it
/// before the split, and tighten every later layer's bounds to the polytope the splits cut out.
/// </summary>
internal sealed class SplitConstraintBounds
{
    /// <summary>Above this many inputs the multipliers' LP costs more than the sub-domain's other bounds.</summary>
    public const int InputLimit = 64;

    private readonly PiecewiseLinearNetwork _net;
    private readonly sbyte[] _signs;
    private readonly LinearLayer _first;
    private readonly int[] _fixed;
    private readonly sbyte[] _sign;
    private readonly double[] _lo;
    private readonly double[] _hi;

    /// <summary>Every constraint as an LP row g·x ≥ h (first-layer ones first), for the multipliers only.</summary>
    private readonly List<double[]> _rows = new();
    private readonly List<double> _sides = new();
    private double[][]? _lpRows;
    private double[]? _lpSides;

    /// <summary>The LP rows as arrays, for every LP until a cut is added.</summary>
    private double[][] LpRows => _lpRows ??= _rows.ToArray();

    private double[] LpSides => _lpSides ??= _sides.ToArray();

    /// <summary>The cuts of later layers: 0 ≤ row·x + constant at the sub-domain's points, proven.</summary>
    private readonly List<double[]> _cutRows = new();
    private readonly List<double> _cutConstants = new();
    private int _cutLayers = 1;

    private SplitConstraintBounds(PiecewiseLinearNetwork net, sbyte[] signs, LinearLayer first, Box input)
    {
        _net = net;
        _signs = signs;
        _first = first;
        _lo = input.Lower.ToArray();
        _hi = input.Upper.ToArray();
        var fix = new List<int>();
        var sign = new List<sbyte>();
        for (var i = 0; i < first.OutputSize; i++)
        {
            if (signs[net.Offsets[1] + i] is var s && s != 0)
            {
                fix.Add(i);
                sign.Add(s);

                // s·(a·x) ≥ −s·b: the sign constraint over the inputs.
                var g = new double[input.Dimension];
                foreach (var (column, value) in first.Matrix.Row(i))
                {
                    g[column] = s * value;
                }

                _rows.Add(g);
                _sides.Add(-s * first.Bias[i]);
            }
        }

        _fixed = fix.ToArray();
        _sign = sign.ToArray();
    }

    /// <summary>
    /// The bounds of a sub-domain with fixed neurons, when the first ReLU layer's input is the
    /// first affine layer's output and the inputs are at most <see cref="InputLimit"/>; null otherwise.
    /// </summary>
    public static SplitConstraintBounds? For(PiecewiseLinearNetwork net, Box box, sbyte[] signs)
    {
        if (box.Dimension > InputLimit || net.Layers.Count < 2 || net.Layers[0] is not LinearLayer first || net.Layers[1] is not ReluLayer
            || Array.TrueForAll(signs, s => s == 0))
        {
            return null;
        }

        return new SplitConstraintBounds(net, signs, first, box);
    }

    /// <summary>
    /// Bounds on the outputs <paramref name="rows"/> of linear layer <paramref name="k"/> (k = 0:
    /// the first layer's pre-activations) over the sub-domain, coordinate t for rows[t]: CROWN's
    /// back-substitution with the bounds in <paramref name="acts"/> (known up to layer k), the
    /// multipliers of the first layer's constraints at its pre-activations, those of the cuts of
    /// later ReLU layers up to k + 1 over the input.
    /// </summary>
    /// <param name="decideWith">
    /// Null: the tightest bounds the multipliers give. Otherwise the bounds are wanted only to
    /// tell on which side of 0 each row is (the last ReLU layer's inputs: their gates' signals
    /// are the output weights' exact image, so their bounds decide stability and nothing else),
    /// and these are points of the sub-domain (none, one, or more): a side gets multipliers only
    /// where no point known to lie in the multipliers' LP's polytope (these, the enclosing
    /// sub-domain's that still do, and the optimal vertices of the LPs of earlier rows) shows
    /// that it cannot be decided, and its LP stops once the multipliers decide it. A side left
    /// out keeps CROWN's bound (β = 0): sound, only looser. Measured on the certify suite's
    /// 10-60-60-3, about 12% of these LPs decided their neuron, and the points rule out most of
    /// the others; before, a sub-domain without a point of its own ran every side's LP to its
    /// optimum (40% of the LP steps on its ‖J‖∞→∞).
    /// </param>
    public Box LinearBounds(IReadOnlyList<Layer> layers, Box[] acts, int k, IReadOnlyList<int> rows, IReadOnlyList<double[]>? decideWith = null) =>
        LinearBounds(layers, acts, k, rows, null, decideWith);

    /// <param name="propose">
    /// Proposes the multipliers of a row over the first layer's pre-activations (upper side or
    /// not): the first layer's constraints, then the cuts; null: <see cref="BoxedLp"/>. The
    /// bounds hold whatever it returns (the tests give it arbitrary numbers).
    /// </param>
    /// <param name="inherited">
    /// For k = 0, the optimal vertices of the LPs of a sub-domain that contains this one over the
    /// same box (<see cref="OptimalVertices"/>), or null: a side whose vertex satisfies every split
    /// constraint here keeps CROWN's bound, the caller keeping the enclosing bound.
    /// </param>
    /// <param name="found">
    /// For k = 0, receives the optimal vertex of each side, found or inherited; with
    /// <paramref name="decideWith"/>, the points of the polytope known at the end; or null.
    /// </param>
    internal Box LinearBounds(IReadOnlyList<Layer> layers, Box[] acts, int k, IReadOnlyList<int> rows, Func<double[], bool, double[]>? propose, IReadOnlyList<double[]>? decideWith = null, OptimalVertices? inherited = null, OptimalVertices? found = null)
    {
        AddCuts(layers, acts, k + 1);
        var set = LinearBoundSet.Identity(layers[k].OutputSize, rows);
        for (var j = k; j >= 1; j--)
        {
            layers[j].BackSubstitute(set, acts[j]);
        }

        var known = decideWith is null ? null : KnownPoints(decideWith, inherited);
        var memo = k == 0 && propose is null && found is not null;
        if (known is not null && found is not null)
        {
            found.Points = known;
        }

        // The multipliers of every side first (they only read the rows), in the order the points
        // and vertices they find are shared.
        var betaUpper = new IReadOnlyList<double>[set.Count];
        var betaLower = new IReadOnlyList<double>[set.Count];
        for (var t = 0; t < set.Count; t++)
        {
            betaUpper[t] = memo ? Remembered(rows[t], upperSide: true, inherited, found!) : Propose(set.Upper[t], set.UpperBias[t], upperSide: true, propose, known);
            betaLower[t] = memo ? Remembered(rows[t], upperSide: false, inherited, found!) : Propose(set.Lower[t], set.LowerBias[t], upperSide: false, propose, known);
        }

        // The plain rows (β = 0) are kept only where a multiplier counts: elsewhere the row with
        // multipliers is the plain row itself, bit for bit.
        var moved = Enumerable.Range(0, set.Count).Where(t => AnyCounts(betaUpper[t]) || AnyCounts(betaLower[t])).ToArray();
        var plain = Copy(set, moved);
        var cutUpper = new double[set.Count][];
        var cutLower = new double[set.Count][];
        for (var t = 0; t < set.Count; t++)
        {
            cutUpper[t] = Apply(set.Upper[t], betaUpper[t], upperSide: true);
            cutLower[t] = Apply(set.Lower[t], betaLower[t], upperSide: false);
        }

        _first.BackSubstitute(set, acts[0]);
        _first.BackSubstitute(plain, acts[0]);
        for (var t = 0; t < set.Count; t++)
        {
            set.Upper[t] = WithCuts(set.Upper[t], ref set.UpperBias[t], cutUpper[t], acts[0], upperSide: true);
            set.Lower[t] = WithCuts(set.Lower[t], ref set.LowerBias[t], cutLower[t], acts[0], upperSide: false);
        }

        var (lo, hi) = set.Concretize(acts[0]);
        var (plainLo, plainHi) = plain.Concretize(acts[0]);
        for (var i = 0; i < moved.Length; i++)
        {
            var t = moved[i];
            lo[t] = Math.Max(lo[t], plainLo[i]);
            hi[t] = Math.Min(hi[t], plainHi[i]);
        }

        return new Box(lo, hi);
    }

    /// <summary>Every multiplier 0: CROWN's row itself.</summary>
    private double[] None => new double[_fixed.Length + _cutRows.Count];

    /// <summary>
    /// Adds the first layer's multipliers to a row over its pre-activations (β_f·s_f to the
    /// coefficient of fixed neuron f on the upper side, −β_f·s_f on the lower) and returns the
    /// cuts' multipliers. Only a finite β ≥ 0 counts: the proof needs β ≥ 0, and a proposed one of
    /// the wrong sign, or not a number, is dropped (0).
    /// </summary>
    internal double[] Apply(double[] row, IReadOnlyList<double> beta, bool upperSide)
    {
        for (var f = 0; f < _fixed.Length; f++)
        {
            if (Valid(beta[f]) is var b && b != 0)
            {
                row[_fixed[f]] += upperSide ? _sign[f] * b : -_sign[f] * b;
            }
        }

        var cuts = new double[_cutRows.Count];
        for (var c = 0; c < cuts.Length; c++)
        {
            cuts[c] = Valid(beta[_fixed.Length + c]);
        }

        return cuts;
    }

    /// <summary>The proof's one condition on a multiplier: finite and β ≥ 0; anything else counts as 0.</summary>
    private static double Valid(double beta) => beta > 0 && !double.IsInfinity(beta) ? beta : 0;

    /// <summary>
    /// row·x + constant ± Σ β_c (cut_c·x + constant_c) (+ on the upper side, − on the lower), the
    /// sum taken as the affine step λᵀ(M x + m) with λ = (1, ±β), its rounding folded outward into
    /// the constant; the row itself when every multiplier is 0.
    /// </summary>
    private double[] WithCuts(double[] row, ref double constant, double[] beta, Box input, bool upperSide)
    {
        // The cuts in use, counted and then copied in their order by plain loops: this runs for
        // every row of every sub-domain, and the step's rows must stay in cut order (the same sums).
        var count = 0;
        foreach (var b in beta)
        {
            count += b != 0 ? 1 : 0;
        }

        if (count == 0)
        {
            return row;
        }

        var n = row.Length;
        var dense = new double[(count + 1) * n];
        var bias = new double[count + 1];
        var lambda = new double[count + 1];
        row.CopyTo(dense, 0);
        bias[0] = constant;
        lambda[0] = 1;
        var u = 1;
        for (var c = 0; c < beta.Length; c++)
        {
            if (beta[c] == 0)
            {
                continue;
            }

            _cutRows[c].CopyTo(dense, u * n);
            bias[u] = _cutConstants[c];
            lambda[u] = upperSide ? beta[c] : -beta[c];
            u++;
        }

        var map = SparseMatrix.FromDense(count + 1, n, dense);
        var combined = new double[n];
        map.MultiplyTransposed(lambda, combined);
        double shifted = 0;
        new AffineStepRounding(map, bias, input).Shift(lambda, ref shifted, upperSide);
        constant = shifted;
        return combined;
    }

    /// <summary>
    /// The cuts of the fixed neurons of ReLU layers 2 … <paramref name="upTo"/> not added yet:
    /// CROWN's upper bound of s·z over the box with the sub-domain's bounds below the layer.
    /// </summary>
    private void AddCuts(IReadOnlyList<Layer> layers, Box[] acts, int upTo)
    {
        for (var m = _cutLayers + 1; m <= upTo && m < layers.Count; m++)
        {
            if (layers[m] is not ReluLayer || layers[m - 1] is not LinearLayer)
            {
                continue;
            }

            var fixedHere = Enumerable.Range(0, layers[m].InputSize).Where(i => _signs[_net.Offsets[m] + i] != 0).ToArray();
            if (fixedHere.Length == 0)
            {
                continue;
            }

            var set = LinearBoundSet.Identity(layers[m - 1].OutputSize, fixedHere);
            for (var j = m - 1; j >= 0; j--)
            {
                layers[j].BackSubstitute(set, acts[j]);
            }

            for (var f = 0; f < fixedHere.Length; f++)
            {
                // s = 1: z ≤ U·x + u, so U·x + u ≥ 0; s = −1: −z ≤ −(L·x + l), negated exactly.
                var active = _signs[_net.Offsets[m] + fixedHere[f]] == 1;
                var row = active ? set.Upper[f] : set.Lower[f].Select(v => -v).ToArray();
                var constant = active ? set.UpperBias[f] : -set.LowerBias[f];
                _cutRows.Add(row);
                _cutConstants.Add(constant);
                _rows.Add(row);
                _sides.Add(-constant);
                _lpRows = null;
                _lpSides = null;
            }
        }

        _cutLayers = Math.Max(_cutLayers, upTo);
    }

    /// <summary>
    /// The multipliers for one side of a row over the first layer's pre-activations: the first
    /// layer's constraints first, then the cuts. <see cref="BoxedLp"/> (or <paramref name="propose"/>)
    /// maximises the side's bound, an upper bound of r·z + c, or of −(r·z + c) for a lower bound,
    /// as c′·x + κ over the input. With <paramref name="known"/> points of the LP's polytope the
    /// side is only to be decided (&lt; 0): a point where c′·x + κ ≥ 0 shows the LP's maximum is
    /// not below 0, so no multipliers are looked for; an LP that runs stops once its bound is
    /// below 0 with room, and its optimal vertex joins the points.
    /// </summary>
    private IReadOnlyList<double> Propose(double[] row, double constant, bool upperSide, Func<double[], bool, double[]>? propose, List<double[]>? known)
    {
        if (known is null)
        {
            return propose?.Invoke(row, upperSide) ?? Multipliers(Objective(row, upperSide), double.NegativeInfinity, null, out _, out _);
        }

        var objective = Objective(row, upperSide);
        var offset = Dot(row, _first.Bias) + constant;
        offset = upperSide ? offset : -offset;
        foreach (var x in known)
        {
            if (Dot(objective, x) + offset >= 0)
            {
                return None;
            }
        }

        if (propose is not null)
        {
            return propose(row, upperSide);
        }

        // The bound is rounded outward later: the LP stops well below 0, not at it.
        double scale = Math.Abs(offset);
        for (var t = 0; t < objective.Length; t++)
        {
            scale += Math.Abs(objective[t]) * Math.Max(Math.Abs(_lo[t]), Math.Abs(_hi[t]));
        }

        var y = Multipliers(objective, -offset - (1e-9 * (1 + scale)), null, out var vertex, out _);
        if (vertex is not null)
        {
            known.Add(vertex);
        }

        return y;
    }

    /// <summary>
    /// The multipliers of one side of first-layer neuron <paramref name="neuron"/>'s bound (its
    /// row is the unit row): none where the enclosing sub-domain's optimal vertex is still
    /// feasible, else <see cref="BoxedLp"/>'s, started from the enclosing LP's optimal active
    /// constraints (the same objective: they stay dual feasible, and a neuron split adds one row),
    /// its vertex and active constraints kept in <paramref name="found"/>.
    /// </summary>
    private IReadOnlyList<double> Remembered(int neuron, bool upperSide, OptimalVertices? inherited, OptimalVertices found)
    {
        if (inherited?.Get(neuron, upperSide) is { } vertex && Feasible(vertex))
        {
            found.Set(neuron, upperSide, vertex, inherited.GetBasis(neuron, upperSide));
            return None;
        }

        var unit = new double[_first.OutputSize];
        unit[neuron] = 1;
        var y = Multipliers(Objective(unit, upperSide), double.NegativeInfinity, ToRows(inherited?.GetBasis(neuron, upperSide)), out var optimal, out var basis);
        if (optimal is not null)
        {
            found.Set(neuron, upperSide, optimal, ToNeurons(basis));
        }

        return y;
    }

    /// <summary>
    /// An active set with each first-layer row named n + its neuron (the rows of a half are
    /// numbered differently); null when it holds a cut or there is none.
    /// </summary>
    private int[]? ToNeurons(int[]? basis)
    {
        if (basis is null)
        {
            return null;
        }

        var n = _lo.Length;
        var named = new int[basis.Length];
        for (var k = 0; k < basis.Length; k++)
        {
            var q = basis[k];
            if (q >= n + _fixed.Length)
            {
                return null;
            }

            named[k] = q >= n ? n + _fixed[q - n] : q;
        }

        return named;
    }

    /// <summary>An active set named by <see cref="ToNeurons"/> in this sub-domain's rows; null when a neuron is not fixed here.</summary>
    private int[]? ToRows(int[]? named)
    {
        if (named is null)
        {
            return null;
        }

        var n = _lo.Length;
        var rows = new int[named.Length];
        for (var k = 0; k < named.Length; k++)
        {
            var q = named[k];
            if (q < n)
            {
                // A box end keeps its code.
                rows[k] = q;
                continue;
            }

            var row = Array.BinarySearch(_fixed, q - n);
            if (row < 0)
            {
                return null;
            }

            rows[k] = n + row;
        }

        return rows;
    }

    /// <summary>True when x is in the box and satisfies every constraint, up to a relative 10⁻⁹ (a reason to skip an LP, not a proof).</summary>
    private bool Feasible(double[] x)
    {
        for (var t = 0; t < x.Length; t++)
        {
            var slack = 1e-9 * (1 + Math.Abs(x[t]));
            if (x[t] < _lo[t] - slack || x[t] > _hi[t] + slack)
            {
                return false;
            }
        }

        for (var i = 0; i < _rows.Count; i++)
        {
            double dot = 0, size = Math.Abs(_sides[i]);
            var g = _rows[i];
            for (var t = 0; t < x.Length; t++)
            {
                dot += g[t] * x[t];
                size += Math.Abs(g[t] * x[t]);
            }

            if (dot < _sides[i] - (1e-9 * (1 + size)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The points known to lie in the polytope of the multipliers' LPs: the given points of the
    /// sub-domain, and those of an enclosing sub-domain's LPs that satisfy every constraint here.
    /// </summary>
    private List<double[]> KnownPoints(IReadOnlyList<double[]> points, OptimalVertices? inherited)
    {
        var known = new List<double[]>(points);
        foreach (var x in inherited?.Points ?? [])
        {
            if (!points.Contains(x) && Feasible(x))
            {
                known.Add(x);
            }
        }

        return known;
    }

    /// <summary>The side's objective over the input: W₁ᵀr for an upper bound, −W₁ᵀr for a lower one.</summary>
    private double[] Objective(double[] row, bool upperSide)
    {
        var objective = new double[_lo.Length];
        _first.Matrix.MultiplyTransposed(row, objective);
        if (!upperSide)
        {
            for (var t = 0; t < objective.Length; t++)
            {
                objective[t] = -objective[t];
            }
        }

        return objective;
    }

    /// <summary>
    /// <see cref="BoxedLp"/>'s multipliers for an objective over this sub-domain's constraints
    /// (from the active constraints <paramref name="start"/> when given), its optimal vertex and
    /// active constraints (null when it stopped first).
    /// </summary>
    private double[] Multipliers(double[] objective, double stopBelow, int[]? start, out double[]? vertex, out int[]? basis) =>
        BoxedLp.Multipliers(objective, LpRows, LpSides, _lo, _hi, stopBelow, start, out vertex, out basis);

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (var t = 0; t < a.Length; t++)
        {
            sum += a[t] * b[t];
        }

        return sum;
    }

    /// <summary>A copy of the given rows of a set.</summary>
    private static LinearBoundSet Copy(LinearBoundSet set, int[] rows) =>
        new(rows.Select(t => (double[])set.Upper[t].Clone()).ToArray(), rows.Select(t => set.UpperBias[t]).ToArray(), rows.Select(t => (double[])set.Lower[t].Clone()).ToArray(), rows.Select(t => set.LowerBias[t]).ToArray());

    /// <summary>True when some multiplier counts (<see cref="Valid"/>): the row then moves.</summary>
    private static bool AnyCounts(IReadOnlyList<double> beta)
    {
        for (var i = 0; i < beta.Count; i++)
        {
            if (Valid(beta[i]) != 0)
            {
                return true;
            }
        }

        return false;
    }
}

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
    /// <param name="wanted">
    /// Whether multipliers are worth looking for on row t's upper side (true) or lower side
    /// (false); null: every side. A side left out keeps CROWN's bound (β = 0): sound, only looser.
    /// </param>
    public Box LinearBounds(IReadOnlyList<Layer> layers, Box[] acts, int k, IReadOnlyList<int> rows, Func<int, bool, bool>? wanted = null) =>
        LinearBounds(layers, acts, k, rows, null, wanted);

    /// <param name="propose">
    /// Proposes the multipliers of a row over the first layer's pre-activations (upper side or
    /// not): the first layer's constraints, then the cuts; null: <see cref="BoxedLp"/>. The
    /// bounds hold whatever it returns (the tests give it arbitrary numbers).
    /// </param>
    internal Box LinearBounds(IReadOnlyList<Layer> layers, Box[] acts, int k, IReadOnlyList<int> rows, Func<double[], bool, double[]>? propose, Func<int, bool, bool>? wanted = null)
    {
        propose ??= Multipliers;
        AddCuts(layers, acts, k + 1);
        var set = LinearBoundSet.Identity(layers[k].OutputSize, rows);
        for (var j = k; j >= 1; j--)
        {
            layers[j].BackSubstitute(set, acts[j]);
        }

        var plain = Copy(set);
        var cutUpper = new double[set.Count][];
        var cutLower = new double[set.Count][];
        for (var t = 0; t < set.Count; t++)
        {
            cutUpper[t] = Apply(set.Upper[t], wanted?.Invoke(t, true) != false ? propose(set.Upper[t], true) : None, upperSide: true);
            cutLower[t] = Apply(set.Lower[t], wanted?.Invoke(t, false) != false ? propose(set.Lower[t], false) : None, upperSide: false);
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
        for (var t = 0; t < lo.Length; t++)
        {
            lo[t] = Math.Max(lo[t], plainLo[t]);
            hi[t] = Math.Min(hi[t], plainHi[t]);
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
            }
        }

        _cutLayers = Math.Max(_cutLayers, upTo);
    }

    /// <summary>
    /// The multipliers <see cref="BoxedLp"/> proposes for one row over the first layer's
    /// pre-activations (an upper bound of r·z, or a lower bound: the upper bound of −r·z): the
    /// first layer's constraints first, then the cuts.
    /// </summary>
    private double[] Multipliers(double[] row, bool upperSide)
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

        return BoxedLp.Multipliers(objective, _rows.ToArray(), _sides.ToArray(), _lo, _hi);
    }

    private static LinearBoundSet Copy(LinearBoundSet set) =>
        new(set.Upper.Select(r => (double[])r.Clone()).ToArray(), (double[])set.UpperBias.Clone(), set.Lower.Select(r => (double[])r.Clone()).ToArray(), (double[])set.LowerBias.Clone());
}

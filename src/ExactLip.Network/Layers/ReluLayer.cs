using ExactLip.Core;
using ExactLip.Mip;
using ExactLip.Network.Encoding;
using ExactLip.Network.Relaxation;

namespace ExactLip.Network.Layers;

/// <summary>
/// y = x for x &gt; 0 and α·x otherwise, element-wise, with a per-layer negative slope
/// 0 ≤ α &lt; 1: α = 0 is ReLU, α &gt; 0 LeakyRelu. The derivative at 0 is α (ReLU′(0) = 0).
/// Implementation note: a neuron is stable when its pre-activation bounds decide its sign
/// (u ≤ 0: always off, slope α; l ≥ 0: always on, slope 1) and then needs no binary; an unstable
/// neuron gets one binary a that drives both the forward big-M rows and the backward product
/// q = (α + (1 − α)a)·p, exactly as in LipMIP (Jordan &amp; Dimakis 2020) for ReLU. Its linear
/// relaxation is the CROWN triangle (the chord above, a line of slope α or 1 below). Every
/// product by α is a rounding unless α = 0, so each pass below bounds it; with α = 0 every pass
/// computes what the ReLU-only layer computed, bit for bit.
/// </summary>
public sealed class ReluLayer : Layer
{
    public ReluLayer(Shape shape, double negativeSlope = 0)
        : base(shape, shape)
    {
        if (!(negativeSlope >= 0 && negativeSlope < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(negativeSlope), negativeSlope, "The negative slope of a ReLU layer must lie in [0, 1).");
        }

        NegativeSlope = negativeSlope;
    }

    /// <summary>α: the slope for inputs ≤ 0 (0 for ReLU).</summary>
    public double NegativeSlope { get; }

    public override string Kind => NegativeSlope == 0 ? "relu" : "leakyrelu";

    /// <summary>fl(α·v), and exactly 0 for ReLU (no −0 from a negative v).</summary>
    private double Scaled(double v) => NegativeSlope == 0 ? 0 : NegativeSlope * v;

    /// <summary>A lower bound on the exact α·v (0 for ReLU).</summary>
    private double ScaledDown(double v) => NegativeSlope == 0 ? 0 : RoundingError.MultiplyDown(NegativeSlope, v);

    /// <summary>An upper bound on the exact α·v (0 for ReLU).</summary>
    private double ScaledUp(double v) => NegativeSlope == 0 ? 0 : RoundingError.MultiplyUp(NegativeSlope, v);

    /// <summary>
    /// A bound on |fl(α·v̂) − α·v| when |v̂ − v| ≤ <paramref name="error"/>: α·error plus the
    /// product's rounding, as <see cref="LinearLayer.ForwardWithError"/> bounds a one-entry row.
    /// </summary>
    private double ScaledError(double v, double error) =>
        NegativeSlope == 0 ? 0 : RoundingError.NonNegativeSumUp((NegativeSlope * error) + (RoundingError.TwiceGamma(2) * Math.Abs(NegativeSlope * v)), 5);

    public override void Forward(ReadOnlySpan<double> x, Span<double> y)
    {
        for (var i = 0; i < x.Length; i++)
        {
            y[i] = x[i] > 0 ? x[i] : Scaled(x[i]);
        }
    }

    public override void Backward(ReadOnlySpan<double> x, ReadOnlySpan<double> dy, Span<double> dx)
    {
        for (var i = 0; i < x.Length; i++)
        {
            dx[i] = x[i] > 0 ? dy[i] : Scaled(dy[i]);
        }
    }

    /// <summary>The function is increasing, so its values at the ends, each rounded outward.</summary>
    public override Box ForwardInterval(Box input)
    {
        var lo = new double[input.Dimension];
        var hi = new double[input.Dimension];
        for (var i = 0; i < lo.Length; i++)
        {
            lo[i] = input.Lo(i) > 0 ? input.Lo(i) : ScaledDown(input.Lo(i));
            hi[i] = input.Hi(i) > 0 ? input.Hi(i) : ScaledUp(input.Hi(i));
        }

        return new Box(lo, hi);
    }

    public override Box BackwardInterval(Box gradOutput, Box inputBounds)
    {
        var lo = new double[gradOutput.Dimension];
        var hi = new double[gradOutput.Dimension];
        for (var i = 0; i < lo.Length; i++)
        {
            switch (Stability(inputBounds, i))
            {
                case NeuronState.Active:
                    lo[i] = gradOutput.Lo(i);
                    hi[i] = gradOutput.Hi(i);
                    break;
                case NeuronState.Inactive:
                    lo[i] = ScaledDown(gradOutput.Lo(i));
                    hi[i] = ScaledUp(gradOutput.Hi(i));
                    break;
                default:
                    // The derivative ranges over {α, 1}: the product lies in hull(α·p, p).
                    lo[i] = Math.Min(gradOutput.Lo(i), ScaledDown(gradOutput.Lo(i)));
                    hi[i] = Math.Max(gradOutput.Hi(i), ScaledUp(gradOutput.Hi(i)));
                    break;
            }
        }

        return new Box(lo, hi);
    }

    /// <summary>
    /// The CROWN triangle: f(z) ≤ s·z + t above with s = (u − αl)/(u − l), f(z) ≥ β·z below
    /// with β ∈ {α, 1} (1 when u ≥ −l); a stable neuron is the line of slope 1 or α itself.
    /// Implementation note: a lower line of slope 0 or 1 is exact in float64 (β·λ is λ or 0).
    /// The upper line keeps the float64 slope s and takes a float64 constant t that clears f at
    /// both ends of [l, u] in exact arithmetic (<see cref="ChordConstant"/>), enough as f is
    /// convex; so λ·f(z) ≤ λs·z + λt exactly for λ &gt; 0 (≥ for λ &lt; 0). The row stores
    /// ρ = fl(λs) (or fl(λα)), which errs by at most u·|ρ| + η/2, costing that times
    /// max(|l|, |u|) over the box; the constants λt are summed with their error bound, and both go
    /// into the bound's constant once per row (<see cref="FinishRow"/>).
    /// </summary>
    public override void BackSubstitute(LinearBoundSet bounds, Box inputBounds)
    {
        var n = InputSize;
        var states = new NeuronState[n];
        var upSlope = new double[n];
        var upShift = new double[n];
        var lowSlope = new double[n];
        var magnitude = new double[n];
        var alpha = NegativeSlope;
        for (var j = 0; j < n; j++)
        {
            double l = inputBounds.Lo(j), u = inputBounds.Hi(j);
            states[j] = Stability(inputBounds, j);
            magnitude[j] = Math.Max(Math.Abs(l), Math.Abs(u));
            switch (states[j])
            {
                case NeuronState.Active:
                    upSlope[j] = 1;
                    lowSlope[j] = 1;
                    break;
                case NeuronState.Inactive:
                    upSlope[j] = alpha;
                    lowSlope[j] = alpha;
                    break;
                case NeuronState.Unstable:
                    upSlope[j] = alpha == 0 ? u / (u - l) : (u - (alpha * l)) / (u - l);
                    upShift[j] = ChordConstant(upSlope[j], l, u, alpha);
                    lowSlope[j] = u >= -l ? 1 : alpha;
                    break;
            }
        }

        // η/2·Σ max(|l|, |u|): what products ρ = fl(λs) that underflow can cost over the box.
        var underflow = RoundingError.MultiplyUp(RoundingError.NormUp(Norm.L1, magnitude), double.Epsilon);
        for (var k = 0; k < bounds.Count; k++)
        {
            Relax(bounds.Upper[k], ref bounds.UpperBias[k], states, upSlope, upShift, lowSlope, magnitude, underflow, upperSide: true);
            Relax(bounds.Lower[k], ref bounds.LowerBias[k], states, upSlope, upShift, lowSlope, magnitude, underflow, upperSide: false);
        }
    }

    private static void Relax(double[] row, ref double bias, NeuronState[] states, double[] upSlope, double[] upShift, double[] lowSlope, double[] magnitude, double underflow, bool upperSide)
    {
        double shift = 0, size = 0;
        var terms = 0;
        for (var j = 0; j < row.Length; j++)
        {
            var lambda = row[j];
            if (lambda == 0)
            {
                continue;
            }

            // An upper bound needs the upper relaxation where the coefficient is positive and the
            // lower relaxation where it is negative; a lower bound the other way round.
            if ((lambda > 0) != upperSide || states[j] != NeuronState.Unstable)
            {
                // A line through 0: slope 0 or 1 rounds nothing; slope α rounds the product.
                var slope = (lambda > 0) == upperSide ? upSlope[j] : lowSlope[j];
                row[j] = lambda * slope;
                if (slope != 0 && slope != 1)
                {
                    size += Math.Abs(row[j]) * magnitude[j];
                    terms += 2;
                }

                continue;
            }

            var rho = lambda * upSlope[j];
            var constant = lambda * upShift[j];
            row[j] = rho;
            shift += constant;
            size += Math.Abs(constant) + (Math.Abs(rho) * magnitude[j]);
            terms += 2;
        }

        if (terms > 0)
        {
            FinishRow(ref bias, shift, RoundingError.AddUp(RoundingError.SumError(size, terms), underflow), upperSide);
        }
    }

    /// <summary>
    /// Adds a row's float64 sum of constants to its bias with <paramref name="error"/>, a bound
    /// on everything the row's rounding can cost, outward.
    /// Implementation note: with Σ the sum of the magnitudes of every rounded product of the row
    /// (the constants and, for rows whose coefficients rounded, |ρ|·max(|l|, |u|)),
    /// <see cref="RoundingError.SumError"/> of Σ covers both the sum's error (γ·Σ|constants|) and
    /// the coefficients' (u·Σ|ρ|·max(|l|, |u|) ≤ γ·Σ), as 2γₙ ≥ γₙ + u.
    /// </summary>
    private static void FinishRow(ref double bias, double sum, double error, bool upperSide) =>
        bias = upperSide
            ? RoundingError.AddUp(RoundingError.AddUp(bias, sum), error)
            : RoundingError.AddDown(RoundingError.AddDown(bias, sum), -error);

    /// <summary>
    /// A float64 t with f(z) ≤ s·z + t for every real z in [l, u], l &lt; 0 &lt; u, f the layer's
    /// function with negative slope α: the line must clear the convex function at both ends,
    /// t ≥ (α − s)·l at l and t ≥ (1 − s)·u at u, each operation rounded up (a lower bound on
    /// α − s times l &lt; 0, an upper bound on 1 − s times u &gt; 0). For α = 0, α − s is −s exactly.
    /// </summary>
    internal static double ChordConstant(double s, double l, double u, double alpha = 0) =>
        Math.Max(RoundingError.MultiplyUp(RoundingError.AddDown(alpha, -s), l), RoundingError.MultiplyUp(RoundingError.AddUp(1, -s), u));

    /// <summary>
    /// The backward product dx = δ·dy, with δ ∈ {α, 1} the derivative, relaxed over δ ∈ [α, 1]
    /// and dy ∈ [l, u]: for each dy the product lies between min(αy, y) and max(αy, y), and an
    /// unstable gate takes the chords of those two functions over [l, u]: δy ≤ s·y + t with
    /// s = (u − αl)/(u − l) (the CROWN triangle's upper line of f(y) = max(αy, y)) and
    /// δy ≥ s′·y − t′ with s′ = (αu − l)/(u − l) (the same line of f(−y) mirrored). Where the
    /// signal's sign is known the two functions are lines themselves (l ≥ 0: y above, αy below).
    /// Implementation note: every line through the product's McCormick planes that leaves δ out
    /// is one of these, and among them the chord is the tightest for the gate alone (it touches
    /// both ends); the plane that keeps all of y (the interval transfer's opposite, slope 1) or
    /// none of it (slope α) is looser at one end by up to |l| or u. Measured on 2-layer networks of
    /// 10 inputs, the chords give the same bound as solving the decoupled McCormick LP of every
    /// sign-vector row, about half of the slope-0-or-1 rule's on wide boxes. The slope s is any
    /// float64 (the line stays above the convex f whatever it is); its constant t clears f at
    /// both ends in exact arithmetic (<see cref="ChordConstant"/>), so λ·δy ≤ λs·y + λt exactly
    /// for λ ≥ 0. The row stores ρ = fl(λs), which errs by at most u·|ρ| + η/2 (times
    /// max(|l|, |u|) over the signal's box), and the constants λt are summed with their error
    /// bound, as in <see cref="BackSubstitute"/>.
    /// </summary>
    public override SignalStep? PrepareSignal(Box inputBounds, Box gradOutputBounds, IReadOnlyList<int>? read)
    {
        var n = InputSize;
        var states = new NeuronState[n];
        var gates = new GateLines[n];
        var kept = new List<int>(n);
        var gated = new List<int>(n);
        var zeroed = new List<int>();
        for (var j = 0; j < n; j++)
        {
            states[j] = Stability(inputBounds, j);
            if (states[j] != NeuronState.Inactive || NegativeSlope != 0)
            {
                kept.Add(j);
            }

            // With α = 0 a gate stably off only sets its coefficient to an exact 0: kept apart
            // from the gates that relax, whose loop then skips it (a row mostly holds 0 there
            // already, the step before leaving the coefficients it was not asked for at 0).
            if (states[j] == NeuronState.Inactive && NegativeSlope == 0)
            {
                zeroed.Add(j);
            }
            else if (states[j] != NeuronState.Active)
            {
                gated.Add(j);
            }

            if (states[j] == NeuronState.Unstable)
            {
                double l = gradOutputBounds.Lo(j), u = gradOutputBounds.Hi(j);
                if (!double.IsFinite(l) || !double.IsFinite(u))
                {
                    // No line bounds the product over an unbounded signal: the caller falls back to the signal's box.
                    return null;
                }

                gates[j] = GateLines.Of(l, u, NegativeSlope);
            }
        }

        return new SignalGates(states, gates, gated.ToArray(), zeroed.ToArray(), NegativeSlope, gradOutputBounds, kept.Count == n ? null : kept.ToArray());
    }

    /// <summary>The signal step of <see cref="PrepareSignal"/>: each gate's lines, worked out once.</summary>
    private sealed class SignalGates : SignalStep
    {
        private readonly NeuronState[] _states;
        private readonly GateLines[] _gates;
        private readonly int[] _gated;
        private readonly int[] _zeroed;
        private readonly double[] _reach;
        private readonly double _tiny;
        private readonly double _alpha;
        private readonly int[]? _read;

        /// <param name="gated">The gates not stably on, in order, but those in <paramref name="zeroed"/>: a stably active gate passes its coefficient unchanged.</param>
        /// <param name="zeroed">The gates stably off where α = 0: their coefficients become an exact 0.</param>
        public SignalGates(NeuronState[] states, GateLines[] gates, int[] gated, int[] zeroed, double alpha, Box dy, int[]? read)
        {
            _states = states;
            _gates = gates;
            _gated = gated;
            _zeroed = zeroed;
            _alpha = alpha;
            _read = read;
            _reach = new double[states.Length];
            foreach (var j in gated)
            {
                _reach[j] = Math.Max(Math.Abs(dy.Lo(j)), Math.Abs(dy.Hi(j)));
                _tiny = RoundingError.AddUp(_tiny, RoundingError.MultiplyUp(double.Epsilon, RoundingError.AddUp(_reach[j], 1)));
            }
        }

        /// <summary>With α = 0 a gate stably off multiplies its coefficient by an exact 0.</summary>
        public override IReadOnlyList<int>? CoefficientsRead => _read;

        public override void Apply(LinearBoundSet bounds)
        {
            for (var k = 0; k < bounds.Count; k++)
            {
                foreach (var j in _zeroed)
                {
                    bounds.Upper[k][j] = 0;
                    bounds.Lower[k][j] = 0;
                }

                RelaxSignal(bounds.Upper[k], ref bounds.UpperBias[k], _states, _gates, _gated, _reach, _tiny, _alpha, upperSide: true);
                RelaxSignal(bounds.Lower[k], ref bounds.LowerBias[k], _states, _gates, _gated, _reach, _tiny, _alpha, upperSide: false);
            }
        }
    }

    /// <summary>Only an unstable neuron's gate needs bounds on its signal; a stable one passes or stops it exactly.</summary>
    public override IReadOnlyList<int> GradOutputBoundsUsed(Box inputBounds) =>
        Enumerable.Range(0, InputSize).Where(j => Stability(inputBounds, j) == NeuronState.Unstable).ToArray();

    /// <param name="reach">max(|l_j|, |u_j|) of each gate's signal.</param>
    /// <param name="tiny">
    /// A bound on what underflow can cost in any row: Σ η·(reach_j + 1) over the gated
    /// coordinates, summed up once for every row (a row's own terms are some of these).
    /// </param>
    private static void RelaxSignal(double[] row, ref double bias, NeuronState[] states, GateLines[] gates, int[] gated, double[] reach, double tiny, double alpha, bool upperSide)
    {
        double shift = 0, size = 0;
        var terms = 0;
        foreach (var j in gated)
        {
            // The gated coordinates are the gates not stably on (a stably active gate passes its coefficient unchanged).
            var lambda = row[j];
            if (lambda == 0)
            {
                continue;
            }

            if (states[j] == NeuronState.Inactive)
            {
                row[j] = alpha == 0 ? 0 : lambda * alpha;
                if (alpha != 0)
                {
                    // ρ = fl(λα) errs by u·|ρ| + η/2, times |dy| ≤ reach.
                    size += Math.Abs(row[j]) * reach[j];
                    terms += 2;
                }

                continue;
            }

            // λ·δy is bounded from above by λ times the upper line where λ ≥ 0 and by λ times
            // the lower line where λ < 0; from below the other way round.
            var gate = gates[j];
            var upperLine = (lambda >= 0) == upperSide;
            var slope = upperLine ? gate.UpperSlope : gate.LowerSlope;
            var constant = upperLine ? lambda * gate.UpperShift : -(lambda * gate.LowerShift);
            row[j] = lambda * slope;
            var exactSlope = slope == 1 || slope == 0;
            if (exactSlope && constant == 0)
            {
                // A line through 0 of slope 0 or 1 (a signal of known sign, α = 0): nothing rounds.
                continue;
            }

            shift += constant;
            size += Math.Abs(constant) + (exactSlope ? 0 : Math.Abs(row[j]) * reach[j]);
            terms += 2;
        }

        if (terms > 0)
        {
            FinishRow(ref bias, shift, RoundingError.AddUp(RoundingError.SumError(size, terms), tiny), upperSide);
        }
    }

    /// <summary>
    /// The two lines of an unstable gate δ·y, δ ∈ [α, 1], y ∈ [l, u]: δy ≤ UpperSlope·y + UpperShift
    /// and δy ≥ LowerSlope·y − LowerShift for every real y in [l, u] (shifts ≥ 0, exact bounds).
    /// </summary>
    private readonly record struct GateLines(double UpperSlope, double UpperShift, double LowerSlope, double LowerShift)
    {
        public static GateLines Of(double l, double u, double alpha)
        {
            if (l >= 0)
            {
                // δy ∈ [αy, y]: both lines exact.
                return new GateLines(1, 0, alpha, 0);
            }

            if (u <= 0)
            {
                return new GateLines(alpha, 0, 1, 0);
            }

            // max(αy, y) ≤ s·y + t (convex, chord through both ends); min(αy, y) = −max(α(−y), −y)
            // ≥ s′·y − t′ with the chord of max(αz, z) over z = −y ∈ [−u, −l].
            var upper = (u - (alpha * l)) / (u - l);
            var lower = ((alpha * u) - l) / (u - l);
            return new GateLines(upper, ChordConstant(upper, l, u, alpha), lower, ChordConstant(lower, -u, -l, alpha));
        }
    }

    internal enum NeuronState
    {
        Inactive,
        Active,
        Unstable,
    }

    internal static NeuronState Stability(Box preActivation, int i) =>
        preActivation.Hi(i) <= 0 ? NeuronState.Inactive
        : preActivation.Lo(i) >= 0 ? NeuronState.Active
        : NeuronState.Unstable;

    public override LayerEncoding Encode(EncodingContext context, IReadOnlyList<Var> input, Box inputBounds, Box outputBounds)
    {
        var model = context.Model;
        var output = new Var[InputSize];
        var binaries = new Var?[InputSize];
        var states = new NeuronState[InputSize];
        for (var i = 0; i < InputSize; i++)
        {
            double l = inputBounds.Lo(i), u = inputBounds.Hi(i);
            states[i] = Stability(inputBounds, i);
            switch (states[i])
            {
                case NeuronState.Inactive when NegativeSlope == 0:
                    output[i] = model.AddConstant(context.Name(i, "h"), 0);
                    break;
                case NeuronState.Inactive:
                    // h = α·z exactly: the row states it with the float64 α, the layer's own number.
                    var off = model.AddVariable(context.Name(i, "h"), ScaledDown(l), ScaledUp(Math.Min(u, 0)));
                    model.AddEquality(context.Name(i, "h=az"), new[] { new Term(off, 1), new Term(input[i], -NegativeSlope) }, 0);
                    output[i] = off;
                    break;
                case NeuronState.Active:
                    output[i] = input[i];
                    break;
                default:
                    var a = model.AddBinary(context.Name(i, "a"));
                    output[i] = NegativeSlope == 0 ? EncodeRelu(context, input[i], a, i, l, u) : EncodeLeaky(context, input[i], a, i, l, u);
                    binaries[i] = a;
                    break;
            }
        }

        return new ReluEncoding(context, output, binaries, states, NegativeSlope);
    }

    /// <summary>h = relu(z) for z ∈ [l, u], l &lt; 0 &lt; u, exactly for a ∈ {0, 1}: h ∈ [0, u], h ≥ z, h ≤ u·a, h ≤ z − l(1 − a).</summary>
    private static Var EncodeRelu(EncodingContext context, Var z, Var a, int i, double l, double u)
    {
        var model = context.Model;
        var h = model.AddVariable(context.Name(i, "h"), 0, u);
        model.AddGreaterOrEqual(context.Name(i, "h>=z"), new[] { new Term(h, 1), new Term(z, -1) }, 0);
        model.AddLessOrEqual(context.Name(i, "h<=ua"), new[] { new Term(h, 1), new Term(a, -u) }, 0);
        // h ≤ z − l(1 − a)  ⇔  h − z − l·a ≤ −l
        model.AddLessOrEqual(context.Name(i, "h<=z-l(1-a)"), new[] { new Term(h, 1), new Term(z, -1), new Term(a, -l) }, -l);
        return h;
    }

    /// <summary>
    /// h = f(z) for z ∈ [l, u], l &lt; 0 &lt; u, with negative slope α, exactly for a ∈ {0, 1}:
    /// h ≥ z and h ≥ αz (f is their maximum, as α &lt; 1), h ≤ z + M(1 − a) and
    /// h ≤ αz + N·a. At a = 1 the rows give h = z and z ≥ αz, so z ≥ 0; at a = 0, h = αz and
    /// z ≤ 0. The big-Ms M ≥ (1 − α)(−l) and N ≥ (1 − α)u are rounded up, which loosens only the
    /// row that is slack at each value of a.
    /// </summary>
    private Var EncodeLeaky(EncodingContext context, Var z, Var a, int i, double l, double u)
    {
        var model = context.Model;
        var alpha = NegativeSlope;
        var big = RoundingError.MultiplyUp(RoundingError.AddUp(1, -alpha), -l);
        var bigUp = RoundingError.MultiplyUp(RoundingError.AddUp(1, -alpha), u);
        var h = model.AddVariable(context.Name(i, "h"), ScaledDown(l), u);
        model.AddGreaterOrEqual(context.Name(i, "h>=z"), new[] { new Term(h, 1), new Term(z, -1) }, 0);
        model.AddGreaterOrEqual(context.Name(i, "h>=az"), new[] { new Term(h, 1), new Term(z, -alpha) }, 0);
        // h ≤ z + M(1 − a)  ⇔  h − z + M·a ≤ M
        model.AddLessOrEqual(context.Name(i, "h<=z+M(1-a)"), new[] { new Term(h, 1), new Term(z, -1), new Term(a, big) }, big);
        // h ≤ αz + N·a  ⇔  h − αz − N·a ≤ 0
        model.AddLessOrEqual(context.Name(i, "h<=az+Na"), new[] { new Term(h, 1), new Term(z, -alpha), new Term(a, -bigUp) }, 0);
        return h;
    }

    private sealed class ReluEncoding : LayerEncoding
    {
        private readonly Var?[] _binaries;
        private readonly NeuronState[] _states;
        private readonly double _alpha;

        public ReluEncoding(EncodingContext context, IReadOnlyList<Var> output, Var?[] binaries, NeuronState[] states, double alpha)
            : base(context, output)
        {
            _binaries = binaries;
            _states = states;
            _alpha = alpha;
        }

        public override int Binaries => _binaries.Count(b => b is not null);

        public override Var? Binary(int neuron) => _binaries[neuron];

        public override int UnstableNeurons => Binaries;

        public override IReadOnlyList<Var> PatternVariables => _binaries.Where(b => b is not null).Select(b => b!.Value).ToArray();

        public override IReadOnlyList<Var> EncodeBackward(IReadOnlyList<Var> gradOutput, Box gradOutputBounds, Box gradInputBounds)
        {
            var model = Context.Model;
            var gradInput = new Var[gradOutput.Count];
            for (var i = 0; i < gradInput.Length; i++)
            {
                if (_binaries[i] is not { } a)
                {
                    // Stable: the derivative is a constant 1 or α.
                    gradInput[i] = _states[i] == NeuronState.Active ? gradOutput[i]
                        : _alpha == 0 ? model.AddConstant(Context.Name(i, "q"), 0)
                        : Scaled(model, gradOutput[i], gradOutputBounds.Lo(i), gradOutputBounds.Hi(i), i);
                    continue;
                }

                var p = gradOutput[i];
                var pLow = Math.Min(gradOutputBounds.Lo(i), 0);
                var pHigh = Math.Max(gradOutputBounds.Hi(i), 0);
                var q = model.AddVariable(Context.Name(i, "q"), pLow, pHigh);

                // q = (α + (1 − α)a)·p, exact because a is binary:
                //   a = 1: q ≤ p and q ≥ p;   a = 0: αp + (1 − α)p̲·0 ≤ q ≤ αp + (1 − α)p̄·0.
                // The big-Ms (1 − α)·|p̲| and (1 − α)·p̄ are rounded up (for ReLU they are −p̲ and p̄).
                var below = RoundingError.MultiplyUp(RoundingError.AddUp(1, -_alpha), -pLow);
                var above = RoundingError.MultiplyUp(RoundingError.AddUp(1, -_alpha), pHigh);
                model.AddLessOrEqual(Context.Name(i, "q<=p-pl(1-a)"), new[] { new Term(q, 1), new Term(p, -1), new Term(a, below) }, below);
                model.AddGreaterOrEqual(Context.Name(i, "q>=p-ph(1-a)"), new[] { new Term(q, 1), new Term(p, -1), new Term(a, -above) }, -above);
                model.AddGreaterOrEqual(Context.Name(i, "q>=pl*a"), WithSignal(q, p, a, below), 0);
                model.AddLessOrEqual(Context.Name(i, "q<=ph*a"), WithSignal(q, p, a, -above), 0);
                gradInput[i] = q;
            }

            return gradInput;
        }

        /// <summary>The terms q − αp + m·a (no p term for ReLU).</summary>
        private Term[] WithSignal(Var q, Var p, Var a, double m) =>
            _alpha == 0 ? new[] { new Term(q, 1), new Term(a, m) } : new[] { new Term(q, 1), new Term(p, -_alpha), new Term(a, m) };

        /// <summary>A variable equal to α·p, for an inactive neuron with α ≠ 0.</summary>
        private Var Scaled(MipModelBuilder model, Var p, double pLow, double pHigh, int i)
        {
            var q = model.AddVariable(Context.Name(i, "q"), Math.Min(RoundingError.MultiplyDown(_alpha, pLow), 0), Math.Max(RoundingError.MultiplyUp(_alpha, pHigh), 0));
            model.AddEquality(Context.Name(i, "q=ap"), new[] { new Term(q, 1), new Term(p, -_alpha) }, 0);
            return q;
        }

        public override void FillStart(double[] values, ReadOnlySpan<double> input, ReadOnlySpan<double> gradOutput)
        {
            for (var i = 0; i < _binaries.Length; i++)
            {
                if (_binaries[i] is { } a)
                {
                    values[a.Index] = input[i] > 0 ? 1 : 0;
                }
            }
        }

        /// <summary>
        /// A stable neuron's encoded piece, whatever the sign of its computed input: the identity
        /// when active (its output variable is its input variable), α·z when off. The evaluator
        /// differs only where that input's float64 value sits on the other side of 0 by a rounding,
        /// or at 0 for a leaky neuron proven active (α·0 = 0 = z there).
        /// </summary>
        public override void StartForward(Layer layer, ReadOnlySpan<double> input, Span<double> output)
        {
            for (var i = 0; i < output.Length; i++)
            {
                var on = _states[i] == NeuronState.Active || (_states[i] == NeuronState.Unstable && input[i] > 0);
                output[i] = on ? input[i] : Off(input[i]);
            }
        }

        /// <summary>
        /// q = p for a stable-active neuron even at z = 0, where the evaluator's ReLU′(0) = 0 would
        /// stop it: the encoding shares one variable between p and q, so any other value breaks
        /// the rows before it. A carried ReLU output of 0 is such a neuron; the gradient it then
        /// passes on reaches a ReLU that is off, so the input gradient is the evaluator's. An
        /// unstable neuron follows its binary as written (a tie of coincident neurons at 0 may
        /// have been switched on), a stable-off one its slope α.
        /// </summary>
        public override void StartBackward(Layer layer, ReadOnlySpan<double> values, ReadOnlySpan<double> input, ReadOnlySpan<double> gradOutput, Span<double> gradInput)
        {
            for (var i = 0; i < gradInput.Length; i++)
            {
                var on = _binaries[i] is { } a ? values[a.Index] > 0.5 : _states[i] == NeuronState.Active;
                gradInput[i] = on ? gradOutput[i] : Off(gradOutput[i]);
            }
        }

        /// <summary>fl(α·v) as the evaluator computes it, and exactly 0 for ReLU.</summary>
        private double Off(double v) => _alpha == 0 ? 0 : _alpha * v;

        public override IReadOnlyList<Var>? EncodeRegion(MipModelBuilder lp, IReadOnlyList<Var> input, Var margin, ReadOnlySpan<double> solution)
        {
            var active = Pattern(solution);
            var output = new Var[active.Length];

            // Every inactive neuron outputs the same zero variable: identically equal outputs then
            // look equal to the next layer (max pooling states no strict winner between them, as
            // a tie of zeros holds everywhere and changes neither value nor gradient).
            Var? zero = null;
            for (var i = 0; i < active.Length; i++)
            {
                if (_binaries[i] is null)
                {
                    // A stable neuron is linear over the whole box (z ≥ 0 or z ≤ 0 everywhere):
                    // it takes no side of a kink, so it adds no strict sign. A carried ReLU
                    // output is stable and identically 0 wherever its own ReLU is off; a strict
                    // z ≥ δ would call those regions empty.
                    output[i] = _states[i] == NeuronState.Active ? input[i] : OffOutput(lp, input[i], i, ref zero);
                    continue;
                }

                if (active[i])
                {
                    // z ≥ δ, and the output is z itself.
                    lp.AddGreaterOrEqual(Context.Name(i, "on"), new[] { new Term(input[i], 1), new Term(margin, -1) }, 0);
                    output[i] = input[i];
                }
                else
                {
                    lp.AddLessOrEqual(Context.Name(i, "off"), new[] { new Term(input[i], 1), new Term(margin, 1) }, 0);
                    output[i] = OffOutput(lp, input[i], i, ref zero);
                }
            }

            return output;
        }

        /// <summary>An off neuron's output: the shared zero for ReLU, else a variable equal to α·z.</summary>
        private Var OffOutput(MipModelBuilder lp, Var z, int i, ref Var? zero)
        {
            if (_alpha == 0)
            {
                zero ??= lp.AddConstant(Context.Name("zero"), 0);
                return zero.Value;
            }

            // Free, its bounds implied through the equality.
            var off = lp.AddVariable(Context.Name(i, "off-out"), double.NegativeInfinity, double.PositiveInfinity);
            lp.AddEquality(Context.Name(i, "off=az"), new[] { new Term(off, 1), new Term(z, -_alpha) }, 0);
            return off;
        }

        public override sbyte[]? SignPattern(ReadOnlySpan<double> solution) =>
            Pattern(solution).Select(on => on ? (sbyte)1 : (sbyte)-1).ToArray();

        /// <summary>Which neurons the solution's binaries switch on (stable ones by their state).</summary>
        private bool[] Pattern(ReadOnlySpan<double> solution)
        {
            var pattern = new bool[_binaries.Length];
            for (var i = 0; i < pattern.Length; i++)
            {
                pattern[i] = _binaries[i] is { } a
                    ? solution[a.Index] > 0.5
                    : _states[i] == NeuronState.Active;
            }

            return pattern;
        }
    }

    /// <summary>
    /// Decided where |x| exceeds its error: the exact input then has the sign of the computed
    /// one, strictly, so the exact point lies in the interior of one side of the kink. An input
    /// constant near the point needs no decision: its output is constant too, and its gradient
    /// that of a constant.
    /// </summary>
    public override bool ForwardWithError(PointEnclosure input, PointEnclosure output)
    {
        var x = input.Value;
        for (var i = 0; i < x.Length; i++)
        {
            if (!(Math.Abs(x[i]) > input.Error[i]) && !input.Constant[i])
            {
                return false;
            }
        }

        Enclose(input, output);
        return true;
    }

    /// <summary>
    /// The forward pass with its error bound, on whichever side of the kink each exact input
    /// lies: the function is 1-Lipschitz (0 ≤ α &lt; 1), so an input's error carries over, plus
    /// the rounding of α·x̂ where x̂ ≤ 0. An input proven negative gives α times its error (for
    /// ReLU exactly 0, constant on a neighbourhood).
    /// </summary>
    public void Enclose(PointEnclosure input, PointEnclosure output)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        var x = input.Value;
        for (var i = 0; i < x.Length; i++)
        {
            double z = x[i], error = input.Error[i];
            var provenOff = z < -error;
            var on = z > 0;
            output.Value[i] = on ? z : Scaled(z);
            output.Error[i] = provenOff ? ScaledError(z, error)
                : on || NegativeSlope == 0 ? error
                : RoundingError.AddUp(error, ScaledError(z, 0));
            output.Constant[i] = input.Constant[i] || (provenOff && NegativeSlope == 0);
        }
    }

    public override void BackwardWithError(ReadOnlySpan<double> x, ReadOnlySpan<double> dy, ReadOnlySpan<double> dyError, Span<double> dx, Span<double> dxError)
    {
        for (var i = 0; i < x.Length; i++)
        {
            var on = x[i] > 0;
            dx[i] = on ? dy[i] : Scaled(dy[i]);
            dxError[i] = on ? dyError[i] : ScaledError(dy[i], dyError[i]);
        }
    }
}

using ExactLip.Core;
using ExactLip.Mip;
using ExactLip.Network.Encoding;
using ExactLip.Network.Relaxation;

namespace ExactLip.Network.Layers;

/// <summary>
/// y = max(x, 0), element-wise, with ReLU′(0) = 0 in the evaluator.
/// Implementation note: a neuron is stable when its pre-activation bounds decide its sign
/// (u ≤ 0: always off; l ≥ 0: always on) and then needs no binary; an unstable neuron gets one
/// binary a that drives both the forward big-M rows and the backward product q = a·p, exactly as
/// in LipMIP (Jordan &amp; Dimakis 2020). Its linear relaxation is the CROWN triangle with the
/// adaptive lower slope.
/// </summary>
public sealed class ReluLayer : Layer
{
    public ReluLayer(Shape shape)
        : base(shape, shape)
    {
    }

    public override string Kind => "relu";

    public override void Forward(ReadOnlySpan<double> x, Span<double> y)
    {
        for (var i = 0; i < x.Length; i++)
        {
            y[i] = x[i] > 0 ? x[i] : 0;
        }
    }

    public override void Backward(ReadOnlySpan<double> x, ReadOnlySpan<double> dy, Span<double> dx)
    {
        for (var i = 0; i < x.Length; i++)
        {
            dx[i] = x[i] > 0 ? dy[i] : 0;
        }
    }

    public override Box ForwardInterval(Box input)
    {
        var lo = new double[input.Dimension];
        var hi = new double[input.Dimension];
        for (var i = 0; i < lo.Length; i++)
        {
            lo[i] = Math.Max(input.Lo(i), 0);
            hi[i] = Math.Max(input.Hi(i), 0);
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
                case NeuronState.Unstable:
                    // The derivative ranges over {0, 1}: the product a·p lies in hull(0, p).
                    lo[i] = Math.Min(gradOutput.Lo(i), 0);
                    hi[i] = Math.Max(gradOutput.Hi(i), 0);
                    break;
            }
        }

        return new Box(lo, hi);
    }

    /// <summary>
    /// The CROWN triangle: relu(z) ≤ s·z + t above with s = u/(u − l), relu(z) ≥ α·z below
    /// with α ∈ {0, 1} (1 when u ≥ −l).
    /// Implementation note: the lower line is exact in float64 (α·λ is λ or 0). The upper line
    /// keeps the float64 slope s and takes a float64 constant t that clears relu at both ends of
    /// [l, u] in exact arithmetic (<see cref="ChordConstant"/>), enough as relu is convex; so
    /// λ·relu(z) ≤ λs·z + λt exactly for λ &gt; 0 (≥ for λ &lt; 0). The row stores ρ = fl(λs),
    /// which errs by at most u·|ρ| + η/2, costing that times max(|l|, |u|) over the box; the
    /// constants λt are summed with their error bound, and both go into the bound's constant
    /// once per row (<see cref="FinishRow"/>).
    /// </summary>
    public override void BackSubstitute(LinearBoundSet bounds, Box inputBounds)
    {
        var n = InputSize;
        var states = new NeuronState[n];
        var upSlope = new double[n];
        var upShift = new double[n];
        var lowSlope = new double[n];
        var magnitude = new double[n];
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
                case NeuronState.Unstable:
                    upSlope[j] = u / (u - l);
                    upShift[j] = ChordConstant(upSlope[j], l, u);
                    lowSlope[j] = u >= -l ? 1 : 0;
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
                // α·λ with α ∈ {0, 1}, or a stable neuron's exact 1 or 0: no rounding.
                row[j] = lambda * ((lambda > 0) == upperSide ? upSlope[j] : lowSlope[j]);
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
    /// A float64 t with relu(z) ≤ s·z + t for every real z in [l, u], l &lt; 0 &lt; u: the line
    /// must clear the convex function at both ends, t ≥ −s·l at l and t ≥ (1 − s)·u at u, each
    /// operation rounded up (u &gt; 0 keeps the bound on 1 − s an upper bound after the product).
    /// </summary>
    internal static double ChordConstant(double s, double l, double u) =>
        Math.Max(RoundingError.MultiplyUp(-s, l), RoundingError.MultiplyUp(RoundingError.AddUp(1, -s), u));

    /// <summary>
    /// The backward product dx = δ·dy, with δ ∈ {0, 1} the derivative, relaxed over δ ∈ [0, 1]
    /// and dy ∈ [l, u] by the McCormick planes of a product: δy ≤ uδ and δy ≤ y − l(1 − δ) above,
    /// δy ≥ lδ and δy ≥ y − u(1 − δ) below.
    /// Implementation note: each unstable neuron takes a convex combination of its two planes,
    /// weight α on the one that keeps y (exact when the neuron is active, as Shi et al. 2022 relax
    /// the derivative × signal product). δ then appears in no other relation, so its term is
    /// maximised (or minimised) over [0, 1] at once and the rows come out over dy alone. α = 0
    /// gives back the interval transfer exactly; α = 1 lets the coefficient reach the later
    /// layers, where signals shared by many neurons cancel instead of adding up in magnitude.
    /// α follows CROWN's rule for the lower ReLU slope: 1 when the forward bounds lean active
    /// (u ≥ −l), else 0.
    /// </summary>
    public override bool BackSubstituteSignal(LinearBoundSet bounds, Box inputBounds, Box gradOutputBounds)
    {
        var states = new NeuronState[InputSize];
        var alpha = new double[InputSize];
        for (var j = 0; j < states.Length; j++)
        {
            states[j] = Stability(inputBounds, j);
            alpha[j] = inputBounds.Hi(j) >= -inputBounds.Lo(j) ? 1 : 0;
        }

        for (var k = 0; k < bounds.Count; k++)
        {
            RelaxSignal(bounds.Upper[k], ref bounds.UpperBias[k], states, alpha, gradOutputBounds, upperSide: true);
            RelaxSignal(bounds.Lower[k], ref bounds.LowerBias[k], states, alpha, gradOutputBounds, upperSide: false);
        }

        return true;
    }

    /// <summary>Only an unstable neuron's gate needs bounds on its signal; a stable one passes or stops it exactly.</summary>
    public override IReadOnlyList<int> GradOutputBoundsUsed(Box inputBounds) =>
        Enumerable.Range(0, InputSize).Where(j => Stability(inputBounds, j) == NeuronState.Unstable).ToArray();

    private static void RelaxSignal(double[] row, ref double bias, NeuronState[] states, double[] alpha, Box dy, bool upperSide)
    {
        double shift = 0, size = 0;
        var terms = 0;
        for (var j = 0; j < row.Length; j++)
        {
            var lambda = row[j];
            if (lambda == 0 || states[j] == NeuronState.Active)
            {
                continue;
            }

            if (states[j] == NeuronState.Inactive)
            {
                row[j] = 0;
                continue;
            }

            double l = dy.Lo(j), u = dy.Hi(j), a = alpha[j];

            // The plane a·y + slope·δ + shift: the product's upper planes where λ·δy is bounded
            // from above with λ ≥ 0 or from below with λ < 0, its lower planes otherwise.
            // With α ∈ {0, 1} the slope and shift are copies of l and u: exact; only the products
            // λ·shift and λ·slope round, and the clipping max(0, ·) never adds to their error.
            var upperPlanes = (lambda >= 0) == upperSide;
            var slope = upperPlanes ? (a == 1 ? l : u) : (a == 1 ? u : l);
            var planeShift = a == 1 ? (upperPlanes ? -l : -u) : 0;
            var constant = lambda * planeShift;
            var delta = lambda * slope;
            shift += constant;
            shift += upperSide ? Math.Max(0, delta) : Math.Min(0, delta);
            size += Math.Abs(constant) + Math.Abs(delta);
            terms += 2;
            row[j] = lambda * a;
        }

        if (terms > 0)
        {
            FinishRow(ref bias, shift, RoundingError.SumError(size, terms), upperSide);
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
                case NeuronState.Inactive:
                    output[i] = model.AddConstant(context.Name(i, "h"), 0);
                    break;
                case NeuronState.Active:
                    output[i] = input[i];
                    break;
                default:
                    var h = model.AddVariable(context.Name(i, "h"), 0, u);
                    var a = model.AddBinary(context.Name(i, "a"));
                    var z = input[i];
                    model.AddGreaterOrEqual(context.Name(i, "h>=z"), new[] { new Term(h, 1), new Term(z, -1) }, 0);
                    model.AddLessOrEqual(context.Name(i, "h<=ua"), new[] { new Term(h, 1), new Term(a, -u) }, 0);
                    // h ≤ z − l(1 − a)  ⇔  h − z − l·a ≤ −l
                    model.AddLessOrEqual(context.Name(i, "h<=z-l(1-a)"), new[] { new Term(h, 1), new Term(z, -1), new Term(a, -l) }, -l);
                    output[i] = h;
                    binaries[i] = a;
                    break;
            }
        }

        return new ReluEncoding(context, output, binaries, states);
    }

    private sealed class ReluEncoding : LayerEncoding
    {
        private readonly Var?[] _binaries;
        private readonly NeuronState[] _states;

        public ReluEncoding(EncodingContext context, IReadOnlyList<Var> output, Var?[] binaries, NeuronState[] states)
            : base(context, output)
        {
            _binaries = binaries;
            _states = states;
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
                    // Stable: the derivative is a constant 1 or 0.
                    gradInput[i] = _states[i] == NeuronState.Active ? gradOutput[i] : model.AddConstant(Context.Name(i, "q"), 0);
                    continue;
                }

                var p = gradOutput[i];
                var pLow = Math.Min(gradOutputBounds.Lo(i), 0);
                var pHigh = Math.Max(gradOutputBounds.Hi(i), 0);
                var q = model.AddVariable(Context.Name(i, "q"), pLow, pHigh);
                // q = a·p, exact because a is binary:
                //   a = 1: q ≤ p and q ≥ p;   a = 0: p̲·0 ≤ q ≤ p̄·0.
                model.AddLessOrEqual(Context.Name(i, "q<=p-pl(1-a)"), new[] { new Term(q, 1), new Term(p, -1), new Term(a, -pLow) }, -pLow);
                model.AddGreaterOrEqual(Context.Name(i, "q>=p-ph(1-a)"), new[] { new Term(q, 1), new Term(p, -1), new Term(a, -pHigh) }, -pHigh);
                model.AddGreaterOrEqual(Context.Name(i, "q>=pl*a"), new[] { new Term(q, 1), new Term(a, -pLow) }, 0);
                model.AddLessOrEqual(Context.Name(i, "q<=ph*a"), new[] { new Term(q, 1), new Term(a, -pHigh) }, 0);
                gradInput[i] = q;
            }

            return gradInput;
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
                    if (_states[i] == NeuronState.Active)
                    {
                        output[i] = input[i];
                    }
                    else
                    {
                        zero ??= lp.AddConstant(Context.Name("zero"), 0);
                        output[i] = zero.Value;
                    }

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
                    zero ??= lp.AddConstant(Context.Name("zero"), 0);
                    output[i] = zero.Value;
                }
            }

            return output;
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
    /// constant near the point needs no decision: its output is constant too, and its gradient 0.
    /// </summary>
    public override bool ForwardWithError(PointEnclosure input, PointEnclosure output)
    {
        var x = input.Value;
        for (var i = 0; i < x.Length; i++)
        {
            var decided = Math.Abs(x[i]) > input.Error[i];
            if (!decided && !input.Constant[i])
            {
                return false;
            }

            var on = x[i] > 0;
            output.Value[i] = on ? x[i] : 0;

            // An input proven negative gives exactly 0, on a neighbourhood.
            output.Error[i] = on || !decided ? input.Error[i] : 0;
            output.Constant[i] = input.Constant[i] || !on;
        }

        return true;
    }

    public override void BackwardWithError(ReadOnlySpan<double> x, ReadOnlySpan<double> dy, ReadOnlySpan<double> dyError, Span<double> dx, Span<double> dxError)
    {
        for (var i = 0; i < x.Length; i++)
        {
            var on = x[i] > 0;
            dx[i] = on ? dy[i] : 0;
            dxError[i] = on ? dyError[i] : 0;
        }
    }
}

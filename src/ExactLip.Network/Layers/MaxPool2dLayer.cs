using ExactLip.Core;
using ExactLip.Mip;
using ExactLip.Network.Encoding;
using ExactLip.Network.Relaxation;

namespace ExactLip.Network.Layers;

/// <summary>
/// 2-D max pooling on one sample's C × H × W tensor (ONNX MaxPool with ceil_mode = 0; padded
/// taps never win). The gradient goes to the first maximal tap in scan order, as in PyTorch.
/// Implementation note: a window is decided when its bounds leave one possible winner (every
/// other tap's upper bound is below the largest lower bound); it then passes that tap through
/// and needs no binary. An undecided window gets one-hot binaries δ over its possible winners,
/// exact big-M rows for y = max, and the backward products q = δ·p, exact like ReLU's a·p.
/// </summary>
public sealed class MaxPool2dLayer : Layer
{
    private readonly int[][] _windows;

    public MaxPool2dLayer(Shape inputShape, Window2d window)
        : base(inputShape, AvgPool2dLayer.OutputShapeOf(inputShape, window))
    {
        Window = window;
        _windows = PoolingWindows.Build(inputShape, window);
    }

    public override string Kind => "maxpool";

    public Window2d Window { get; }

    /// <summary>The flat input indices each output reads, in scan order.</summary>
    public IReadOnlyList<IReadOnlyList<int>> Windows => _windows;

    public override void Forward(ReadOnlySpan<double> x, Span<double> y)
    {
        for (var o = 0; o < _windows.Length; o++)
        {
            y[o] = x[_windows[o][ArgMax(_windows[o], x)]];
        }
    }

    public override void Backward(ReadOnlySpan<double> x, ReadOnlySpan<double> dy, Span<double> dx)
    {
        dx.Clear();
        for (var o = 0; o < _windows.Length; o++)
        {
            dx[_windows[o][ArgMax(_windows[o], x)]] += dy[o];
        }
    }

    /// <summary>The position in the window of its first maximal tap.</summary>
    internal static int ArgMax(int[] taps, ReadOnlySpan<double> x)
    {
        var best = 0;
        for (var k = 1; k < taps.Length; k++)
        {
            if (x[taps[k]] > x[taps[best]])
            {
                best = k;
            }
        }

        return best;
    }

    public override Box ForwardInterval(Box input)
    {
        var lo = new double[OutputSize];
        var hi = new double[OutputSize];
        for (var o = 0; o < _windows.Length; o++)
        {
            lo[o] = _windows[o].Max(input.Lo);
            hi[o] = _windows[o].Max(input.Hi);
        }

        // A maximum introduces no rounding: the bounds are input bounds themselves.
        return new Box(lo, hi);
    }

    /// <summary>
    /// The positions in window <paramref name="o"/> that can be its maximum over the box: those
    /// whose upper bound reaches the largest lower bound.
    /// </summary>
    internal int[] PossibleWinners(int o, Box input)
    {
        var taps = _windows[o];
        var floor = taps.Max(input.Lo);
        return Enumerable.Range(0, taps.Length).Where(k => input.Hi(taps[k]) >= floor).ToArray();
    }

    public override Box BackwardInterval(Box gradOutput, Box inputBounds)
    {
        var lo = new double[InputSize];
        var hi = new double[InputSize];
        for (var o = 0; o < _windows.Length; o++)
        {
            var winners = PossibleWinners(o, inputBounds);
            double gl = gradOutput.Lo(o), gu = gradOutput.Hi(o);
            if (winners.Length > 1)
            {
                // δ ∈ {0, 1}: the routed gradient δ·p lies in hull(0, p).
                gl = Math.Min(gl, 0);
                gu = Math.Max(gu, 0);
            }

            foreach (var k in winners)
            {
                var j = _windows[o][k];
                // Overlapping windows add into one input: each sum rounds once, outward.
                lo[j] = RoundingError.AddDown(lo[j], gl);
                hi[j] = RoundingError.AddUp(hi[j], gu);
            }
        }

        return new Box(lo, hi);
    }

    public override void BackSubstitute(LinearBoundSet bounds, Box inputBounds)
    {
        // Lower: y ≥ x_m for the tap m with the largest lower bound (y ≥ every tap).
        // Upper: y ≤ max u (a constant), or y = x_m exactly when the window is decided.
        var lowTap = new int[_windows.Length];
        var upTap = new int[_windows.Length];
        var upConst = new double[_windows.Length];
        for (var o = 0; o < _windows.Length; o++)
        {
            var taps = _windows[o];
            var m = taps[0];
            foreach (var j in taps)
            {
                if (inputBounds.Lo(j) > inputBounds.Lo(m))
                {
                    m = j;
                }
            }

            lowTap[o] = m;
            var decided = PossibleWinners(o, inputBounds).Length == 1;
            upTap[o] = decided ? m : -1;
            upConst[o] = decided ? 0 : taps.Max(inputBounds.Hi);
        }

        var magnitude = new double[InputSize];
        for (var j = 0; j < magnitude.Length; j++)
        {
            magnitude[j] = Math.Max(Math.Abs(inputBounds.Lo(j)), Math.Abs(inputBounds.Hi(j)));
        }

        bounds.Upper = Relax(bounds.Upper, bounds.UpperBias, lowTap, upTap, upConst, magnitude, upperSide: true);
        bounds.Lower = Relax(bounds.Lower, bounds.LowerBias, lowTap, upTap, upConst, magnitude, upperSide: false);
    }

    /// <remarks>
    /// Overlapping windows add several λ into one tap's coefficient: each such sum of at most W
    /// (the number of windows) terms errs by γ_W·Σ|λ|, which costs at most that times the tap's
    /// magnitude over the box; the total, over every tap, goes into the constant outward. A
    /// constant bound λ·max u is rounded outward as it is added.
    /// </remarks>
    private double[][] Relax(double[][] rows, double[] bias, int[] lowTap, int[] upTap, double[] upConst, double[] magnitude, bool upperSide)
    {
        var result = new double[rows.Length][];
        var added = new double[InputSize];
        var terms = Math.Max(_windows.Length, 1);
        for (var k = 0; k < rows.Length; k++)
        {
            var row = rows[k];
            var next = new double[InputSize];
            Array.Clear(added);
            for (var o = 0; o < row.Length; o++)
            {
                var lambda = row[o];
                if (lambda == 0)
                {
                    continue;
                }

                if ((lambda > 0) == upperSide)
                {
                    if (upTap[o] >= 0)
                    {
                        next[upTap[o]] += lambda;
                        added[upTap[o]] += Math.Abs(lambda);
                    }
                    else
                    {
                        bias[k] = upperSide
                            ? RoundingError.AddUp(bias[k], RoundingError.MultiplyUp(lambda, upConst[o]))
                            : RoundingError.AddDown(bias[k], RoundingError.MultiplyDown(lambda, upConst[o]));
                    }
                }
                else
                {
                    next[lowTap[o]] += lambda;
                    added[lowTap[o]] += Math.Abs(lambda);
                }
            }

            double cost = 0;
            for (var j = 0; j < added.Length; j++)
            {
                cost += added[j] * magnitude[j];
            }

            // The cost's own float sums have at most W + InputSize + 1 roundings on any path.
            var error = RoundingError.Up(RoundingError.TwiceGamma(terms) * RoundingError.NonNegativeSumUp(cost, terms + InputSize + 1));
            bias[k] = upperSide ? RoundingError.Up(bias[k] + error) : RoundingError.Down(bias[k] - error);
            result[k] = next;
        }

        return result;
    }

    public override LayerEncoding Encode(EncodingContext context, IReadOnlyList<Var> input, Box inputBounds, Box outputBounds)
    {
        var model = context.Model;
        var output = new Var[OutputSize];
        var deltas = new Var[_windows.Length][];
        var winners = new int[_windows.Length][];
        for (var o = 0; o < _windows.Length; o++)
        {
            var taps = _windows[o];
            winners[o] = PossibleWinners(o, inputBounds);
            if (winners[o].Length == 1)
            {
                output[o] = input[taps[winners[o][0]]];
                deltas[o] = Array.Empty<Var>();
                continue;
            }

            var upper = winners[o].Max(k => inputBounds.Hi(taps[k]));
            var lower = taps.Max(inputBounds.Lo);
            var y = model.AddVariable(context.Name(o, "y"), Math.Max(lower, outputBounds.Lo(o)), Math.Min(upper, outputBounds.Hi(o)));
            output[o] = y;

            // y ≥ x_j for every tap; taps that cannot win need no more.
            for (var k = 0; k < taps.Length; k++)
            {
                model.AddGreaterOrEqual(context.Name(o, $"y>=x{k}"), new[] { new Term(y, 1), new Term(input[taps[k]], -1) }, 0);
            }

            deltas[o] = new Var[winners[o].Length];
            var sum = new List<Term>();
            for (var w = 0; w < winners[o].Length; w++)
            {
                var k = winners[o][w];
                var d = model.AddBinary(context.Name(o, $"d{k}"));
                deltas[o][w] = d;
                sum.Add(new Term(d, 1));

                // y ≤ x_j + (U − l_j)(1 − δ_j)  ⇔  y − x_j + (U − l_j)·δ_j ≤ U − l_j
                var m = upper - inputBounds.Lo(taps[k]);
                model.AddLessOrEqual(context.Name(o, $"y<=x{k}"), new[] { new Term(y, 1), new Term(input[taps[k]], -1), new Term(d, m) }, m);
            }

            model.AddEquality(context.Name(o, "onehot"), sum, 1);
        }

        return new MaxPoolEncoding(context, output, this, deltas, winners);
    }

    private sealed class MaxPoolEncoding : LayerEncoding
    {
        private readonly MaxPool2dLayer _layer;
        private readonly Var[][] _deltas;
        private readonly int[][] _winners;
        private Var[][]? _products;

        public MaxPoolEncoding(EncodingContext context, IReadOnlyList<Var> output, MaxPool2dLayer layer, Var[][] deltas, int[][] winners)
            : base(context, output)
        {
            _layer = layer;
            _deltas = deltas;
            _winners = winners;
        }

        public override int Binaries => _deltas.Sum(d => d.Length);

        public override int UnstableNeurons => _deltas.Count(d => d.Length > 0);

        public override IReadOnlyList<Var> PatternVariables => _deltas.SelectMany(d => d).ToArray();

        public override IReadOnlyList<Var>? EncodeRegion(MipModelBuilder lp, IReadOnlyList<Var> input, Var margin, ReadOnlySpan<double> solution)
        {
            var windows = _layer._windows;
            var output = new Var[windows.Length];
            for (var o = 0; o < windows.Length; o++)
            {
                // The window's winner in the solution (its one-hot δ), or its only possible winner.
                var winner = _winners[o][0];
                for (var w = 0; w < _deltas[o].Length; w++)
                {
                    if (solution[_deltas[o][w].Index] > 0.5)
                    {
                        winner = _winners[o][w];
                    }
                }

                var top = input[windows[o][winner]];
                for (var k = 0; k < windows[o].Length; k++)
                {
                    // A tap that is the winner's own variable (e.g. the common zero of inactive
                    // ReLUs) ties with it everywhere, so the choice between them is no constraint.
                    if (k != winner && input[windows[o][k]] != top)
                    {
                        // x_winner ≥ x_k + δ: the winner wins strictly.
                        lp.AddGreaterOrEqual(Context.Name(o, $"wins{k}"), new[] { new Term(top, 1), new Term(input[windows[o][k]], -1), new Term(margin, -1) }, 0);
                    }
                }

                output[o] = top;
            }

            return output;
        }

        public override IReadOnlyList<Var> EncodeBackward(IReadOnlyList<Var> gradOutput, Box gradOutputBounds, Box gradInputBounds)
        {
            var model = Context.Model;
            var windows = _layer._windows;
            var contributions = new List<Term>[_layer.InputSize];
            for (var j = 0; j < contributions.Length; j++)
            {
                contributions[j] = new List<Term>();
            }

            _products = new Var[windows.Length][];
            for (var o = 0; o < windows.Length; o++)
            {
                var p = gradOutput[o];
                if (_deltas[o].Length == 0)
                {
                    // Decided window: the whole gradient goes to its one winner.
                    _products[o] = Array.Empty<Var>();
                    contributions[windows[o][_winners[o][0]]].Add(new Term(p, 1));
                    continue;
                }

                var pLow = Math.Min(gradOutputBounds.Lo(o), 0);
                var pHigh = Math.Max(gradOutputBounds.Hi(o), 0);
                _products[o] = new Var[_deltas[o].Length];
                for (var w = 0; w < _deltas[o].Length; w++)
                {
                    var k = _winners[o][w];
                    var d = _deltas[o][w];
                    var q = model.AddVariable(Context.Name(o, $"q{k}"), pLow, pHigh);

                    // q = δ·p, exact because δ is binary (the same four rows as ReLU's a·p).
                    model.AddLessOrEqual(Context.Name(o, $"q{k}<=p-pl(1-d)"), new[] { new Term(q, 1), new Term(p, -1), new Term(d, -pLow) }, -pLow);
                    model.AddGreaterOrEqual(Context.Name(o, $"q{k}>=p-ph(1-d)"), new[] { new Term(q, 1), new Term(p, -1), new Term(d, -pHigh) }, -pHigh);
                    model.AddGreaterOrEqual(Context.Name(o, $"q{k}>=pl*d"), new[] { new Term(q, 1), new Term(d, -pLow) }, 0);
                    model.AddLessOrEqual(Context.Name(o, $"q{k}<=ph*d"), new[] { new Term(q, 1), new Term(d, -pHigh) }, 0);
                    _products[o][w] = q;
                    contributions[windows[o][k]].Add(new Term(q, 1));
                }
            }

            var gradInput = new Var[_layer.InputSize];
            for (var j = 0; j < gradInput.Length; j++)
            {
                gradInput[j] = model.AddVariable(Context.Name(j, "g"), gradInputBounds.Lo(j), gradInputBounds.Hi(j));
                var terms = new List<Term> { new(gradInput[j], 1) };
                terms.AddRange(contributions[j].Select(t => new Term(t.Var, -t.Coefficient)));
                model.AddEquality(Context.Name(j, "bwd"), terms, 0);
            }

            return gradInput;
        }

        public override void FillStart(double[] values, ReadOnlySpan<double> input, ReadOnlySpan<double> gradOutput)
        {
            var windows = _layer._windows;
            for (var o = 0; o < windows.Length; o++)
            {
                if (_deltas[o].Length == 0)
                {
                    continue;
                }

                // The same winner as Backward: the first maximal tap, always a possible winner.
                var best = ArgMax(windows[o], input);
                for (var w = 0; w < _deltas[o].Length; w++)
                {
                    var chosen = _winners[o][w] == best;
                    values[_deltas[o][w].Index] = chosen ? 1 : 0;
                    if (_products is not null)
                    {
                        values[_products[o][w].Index] = chosen ? gradOutput[o] : 0;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Decided where each window's winner beats every other tap by more than both their errors,
    /// so the exact input has the same unique winner, or ties only with taps that, like it, are
    /// constant near the point (ReLUs proven inactive): the maximum is then constant there, and
    /// where its gradient is routed changes nothing.
    /// </summary>
    public override bool ForwardWithError(PointEnclosure input, PointEnclosure output)
    {
        var x = input.Value;
        for (var o = 0; o < _windows.Length; o++)
        {
            var taps = _windows[o];
            var winner = taps[ArgMax(taps, x)];
            foreach (var t in taps)
            {
                var constantTie = input.Constant[t] && input.Constant[winner];
                if (t != winner && !constantTie && !ProvenGreater(x[winner], input.Error[winner], x[t], input.Error[t]))
                {
                    return false;
                }
            }

            output.Value[o] = x[winner];
            output.Error[o] = input.Error[winner];
            output.Constant[o] = input.Constant[winner];
        }

        return true;
    }

    public override void BackwardWithError(ReadOnlySpan<double> x, ReadOnlySpan<double> dy, ReadOnlySpan<double> dyError, Span<double> dx, Span<double> dxError)
    {
        Backward(x, dy, dx);
        dxError.Clear();
        var magnitude = new double[dx.Length];
        for (var o = 0; o < _windows.Length; o++)
        {
            // Windows may overlap: a tap that wins several sums their gradients, each addition
            // within u·(the sum of the magnitudes so far) of exact.
            var winner = _windows[o][ArgMax(_windows[o], x)];
            magnitude[winner] += Math.Abs(dy[o]);
            dxError[winner] = RoundingError.NonNegativeSumUp(dxError[winner] + dyError[o] + (RoundingError.Unit * magnitude[winner]), 3);
        }
    }

    /// <summary>a − ea > b + eb in exact arithmetic, decided from float64 values.</summary>
    private static bool ProvenGreater(double a, double ea, double b, double eb)
    {
        // fl(a − b) has the sign of a − b and is within u·|a − b| of it; the errors' sum is rounded up.
        var difference = a - b;
        return difference > 0 && difference * (1 - (2 * RoundingError.Unit)) > RoundingError.NonNegativeSumUp(ea + eb, 1);
    }
}

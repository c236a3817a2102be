using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Mip;
using ExactLip.Mip.Solving;
using ExactLip.Network;
using ExactLip.Network.Layers;

namespace ExactLip.BranchAndBound;

/// <summary>
/// Decides whether a sub-domain has interior points, and finds one: the LP max δ over x in the
/// box subject to every fixed neuron's pre-activation being ≥ δ (active) or ≤ −δ (inactive),
/// with the free neurons of earlier layers replaced by their triangle relaxation. An active
/// neuron's output is its pre-activation z, an inactive one's α·z (0 for ReLU).
/// Implementation note: the relaxation contains the sub-domain, so a relaxed maximum margin of
/// at most 0 proves the sub-domain has no interior and may be dropped: a pattern met only on a measure-zero set is not a gradient of the network anywhere
/// (relu(x) − relu(−x) on [−1, 1] has the pattern "both active" only at x = 0, with slope 2,
/// while the constant is 1). Once every neuron of the sub-domain is fixed or stable, the
/// relaxation is exact, and the LP's point, once proven to lie strictly on every fixed side
/// (<see cref="ProvenInside"/>), lies in the pattern's region.
/// Layers after the last one with a fixed neuron constrain nothing and are left out; that last
/// layer's free neurons get no triangle, and its pre-activations no variables (its sign rows take
/// the weights over the layer before directly), so a sub-domain split in the first layer only is
/// an LP over the inputs and δ.
/// A wrongly dropped sub-domain would make the answer too low, so "empty" is never taken from
/// the solver (GLPK's presolver once called a feasible region LP infeasible): the LP is built to
/// be always feasible (δ free below; the triangle rows take an elastic slack t ≥ 0 priced at
/// <see cref="ElasticPenalty"/> in the objective), so the solver returns its optimal row duals,
/// and the verdict is Empty only when <see cref="RegionModel.ProvenEmpty"/> turns those duals into a
/// float64-rigorous (or exact) bound of at most 0 on δ over the sub-domain's points: no constant
/// decides it, so a region however thin is measured, and one of measure zero is dropped. That bound is taken
/// over finite boxes the sub-domain's points respect: the input box, [0, u] for a triangle's
/// output, the sub-domain's pre-activation bounds for the (free in the LP) pre-activations,
/// δ ∈ [0, 1] (a positive δ is the claim to refute) and t = 0 (its points satisfy the triangle exactly).
/// See docs/branch-and-bound.md ("How emptiness is verified").
/// </summary>
internal static class RegionLp
{
    /// <summary>
    /// The objective's price of the triangle's slack: large enough that a relaxation violated by
    /// more than about 1/penalty has an optimum below the margin (then verified empty), small
    /// enough to keep the LP well scaled.
    /// </summary>
    public const double ElasticPenalty = 1e5;

    /// <returns>
    /// Interior with a point proven to lie strictly on every fixed side (<see cref="ProvenInside"/>),
    /// Empty when the duals prove that no point has a positive margin, else undecided (Unknown:
    /// not solved; Unverified: solved, neither proven) with the reason (<see cref="RegionModel.Decide"/>).
    /// </returns>
    public static RegionAnswer Solve(
        PiecewiseLinearNetwork net,
        DomainBounds bounds,
        sbyte[] signs,
        IMipSolver solver,
        TimeSpan? timeLimit,
        CancellationToken cancel)
    {
        if (!CoincidentSignsConsistent(net, signs))
        {
            return RegionAnswer.Empty;
        }

        // The compact LP first (a few rows over the inputs); what it leaves undecided, a region of
        // measure zero among them, the LP with every pre-activation as a variable decides. The
        // compact rows take an off neuron's output as 0: a leaky layer's (α·z) has only the full LP.
        if (!net.HasNegativeSlope)
        {
            var compact = CompactRegionLp.Build(net, bounds, signs, LastFixedLayer(net, signs));
            var answer = compact.Decide(solver, timeLimit, bounds.Activations[0], x => ProvenInside(net, x, signs), cancel);
            if (answer.IsDecided || answer.Verdict == RegionVerdict.Unknown)
            {
                return answer;
            }
        }

        // A region of any width, however thin against the box, is Interior, Empty or undecided.
        return Build(net, bounds, signs).Decide(solver, timeLimit, bounds.Activations[0], x => ProvenInside(net, x, signs), cancel);
    }

    /// <summary>
    /// False when the signs give two exactly proportional pre-activations incompatible signs (or a
    /// constant one the wrong sign): such a sub-domain has no interior, exactly, and no LP could
    /// show it in float64 (its maximum margin is exactly 0).
    /// </summary>
    private static bool CoincidentSignsConsistent(PiecewiseLinearNetwork net, sbyte[] signs)
    {
        var layers = net.Layers;
        for (var k = 1; k < layers.Count; k++)
        {
            if (layers[k] is ReluLayer && layers[k - 1] is LinearLayer feeding
                && !CoincidentNeurons.Consistent(feeding, signs.AsSpan(net.Offsets[k], layers[k].InputSize)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The LP of a sub-domain with, for every variable, the box the sub-domain's points respect
    /// (its <see cref="RegionModel.Domain"/>, over which the dual bound is taken).
    /// </summary>
    internal static RegionModel Build(PiecewiseLinearNetwork net, DomainBounds bounds, sbyte[] signs) =>
        new RegionModelBuilder(net, bounds, signs).Build();

    /// <summary>
    /// True when x is proven to give every fixed neuron of <paramref name="signs"/> its sign
    /// strictly: the pre-activation computed in float64 is beyond its rounding-error bound
    /// (Layer.ForwardWithError). Free neurons may sit anywhere, on their kink too: the layer is
    /// 1-Lipschitz, so their outputs carry the input's error on (<see cref="ReluLayer.Enclose"/>).
    /// </summary>
    public static bool ProvenInside(PiecewiseLinearNetwork net, double[] x, sbyte[] signs)
    {
        var current = new PointEnclosure(x);
        for (var k = 0; k < net.Layers.Count; k++)
        {
            var layer = net.Layers[k];
            var next = new PointEnclosure(layer.OutputSize);
            if (layer is ReluLayer relu)
            {
                var offset = net.Offsets[k];
                for (var i = 0; i < current.Size; i++)
                {
                    double z = current.Value[i], error = current.Error[i];
                    var sign = signs[offset + i];
                    if ((sign == 1 && !(z > error)) || (sign == -1 && !(z < -error)))
                    {
                        return false;
                    }
                }

                relu.Enclose(current, next);
            }
            else if (!layer.ForwardWithError(current, next))
            {
                return false;
            }

            current = next;
        }

        return true;
    }

    private sealed class RegionModelBuilder
    {
        private readonly PiecewiseLinearNetwork _net;
        private readonly DomainBounds _bounds;
        private readonly sbyte[] _signs;
        private readonly RegionLpColumns _lp = new();

        public RegionModelBuilder(PiecewiseLinearNetwork net, DomainBounds bounds, sbyte[] signs)
        {
            _net = net;
            _bounds = bounds;
            _signs = signs;
        }

        public RegionModel Build()
        {
            var layers = _net.Layers;
            var acts = _bounds.Activations;
            var last = LastFixedLayer(_net, _signs);

            // The sub-domain's points have δ ∈ [0, 1] (a positive δ is the claim to refute) and x in the box.
            var (margin, inputs) = RegionModel.Start(_lp.Model, acts[0]);
            _lp.Check(0, 1);
            for (var i = 0; i < inputs.Length; i++)
            {
                _lp.Check(acts[0].Lo(i), acts[0].Hi(i));
            }

            // null stands for a value that is identically zero (an inactive neuron's output).
            var current = inputs.Select(v => (Var?)v).ToArray();
            for (var k = 0; k < last; k++)
            {
                if (k + 1 == last && layers[k] is LinearLayer feedingLast)
                {
                    // The last layer's pre-activations appear in its sign rows only: those rows take
                    // the weights over the previous layer's variables directly (copied, so the LP
                    // is the same set), which spares a variable and an equality per neuron.
                    SignRows(Affine.Of(feedingLast, current), last, margin);
                    return _lp.Finish(inputs, margin);
                }

                current = layers[k] switch
                {
                    LinearLayer linear => Linear(linear, current, acts[k + 1], k),
                    ReluLayer relu => Relu(current, acts[k], _net.Offsets[k], k, margin, relu.NegativeSlope),
                    var other => throw new InvalidOperationException($"No region rows for a {other.Kind} layer."),
                };
            }

            if (last >= 0)
            {
                SignRows(current.Select(Affine.Of).ToArray(), last, margin);
            }

            return _lp.Finish(inputs, margin);
        }

        /// <summary>
        /// The sign rows of the last layer with a fixed neuron. Its free neurons feed no later row
        /// in the LP, so they get no triangle.
        /// </summary>
        private void SignRows(Affine[] pre, int k, Var margin)
        {
            var offset = _net.Offsets[k];
            for (var i = 0; i < pre.Length; i++)
            {
                if (_signs[offset + i] is var sign && sign != 0)
                {
                    AddSign(pre[i], sign, k, i, margin);
                }
            }
        }

        /// <summary>z ≥ δ (active) or z ≤ −δ (inactive), for z = Σ terms + constant.</summary>
        private void AddSign(Affine z, sbyte sign, int k, int i, Var margin)
        {
            var terms = z.Terms.Append(new Term(margin, -sign)).ToArray();
            if (sign == 1)
            {
                _lp.Model.AddGreaterOrEqual($"sign/{k}/{i}", terms, -z.Constant);
            }
            else
            {
                _lp.Model.AddLessOrEqual($"sign/{k}/{i}", terms, -z.Constant);
            }
        }

        private Var?[] Linear(LinearLayer linear, Var?[] current, Box outputBounds, int k)
        {
            var output = new Var?[linear.OutputSize];
            for (var i = 0; i < output.Length; i++)
            {
                // Free in the LP: the bounds are implied, and GLPK's presolver was measured to call
                // a feasible region LP infeasible when they were given (docs/branch-and-bound.md).
                // The dual bound may use them: they hold at every point of the sub-domain
                // (widened by a rounding's worth, as they come from floating-point propagation).
                var z = _lp.Add($"z/{k}/{i}", double.NegativeInfinity, double.PositiveInfinity, Widen(outputBounds.Lo(i), -1), Widen(outputBounds.Hi(i), 1));
                var terms = new List<Term> { new(z, 1) };
                foreach (var (column, value) in linear.Matrix.Row(i))
                {
                    if (current[column] is { } h)
                    {
                        terms.Add(new Term(h, -value));
                    }
                }

                _lp.Model.AddEquality($"fwd/{k}/{i}", terms, linear.Bias[i]);
                output[i] = z;
            }

            return output;
        }

        private Var?[] Relu(Var?[] pre, Box bounds, int offset, int k, Var margin, double alpha)
        {
            var output = new Var?[pre.Length];
            for (var i = 0; i < pre.Length; i++)
            {
                double l = bounds.Lo(i), u = bounds.Hi(i);
                var sign = _signs[offset + i];
                if (pre[i] is not { } z)
                {
                    // A pre-activation that is identically zero cannot take a strict sign.
                    if (sign != 0)
                    {
                        AddSign(Affine.Zero, sign, k, i, margin);
                    }

                    continue;
                }

                if (sign != 0)
                {
                    AddSign(Affine.Of(z), sign, k, i, margin);
                    output[i] = sign == 1 ? z : Scaled(z, l, alpha, k, i);
                }
                else if (l >= 0)
                {
                    output[i] = z;
                }
                else if (u <= 0)
                {
                    output[i] = Scaled(z, l, alpha, k, i);
                }
                else if (alpha != 0)
                {
                    output[i] = LeakyTriangle(z, l, u, alpha, k, i);
                }
                else
                {
                    // The triangle h ≥ 0, h ≥ z, h ≤ u(z − l)/(u − l), each row loosened by t: with t
                    // large enough every z is allowed, so the LP stays feasible when the signs fixed
                    // in earlier layers push z outside [l, u].
                    var h = _lp.Add($"h/{k}/{i}", 0, u, 0, u);
                    var t = _lp.Elastic();
                    // Slope and intercept rounded up, so that in exact arithmetic the line still
                    // lies on or above relu at both ends of [l, u] (and so all along it): the
                    // sub-domain's points satisfy the row with t = 0, as the dual bound assumes.
                    var slope = Math.BitIncrement(u / (u - l) * (1 + (4 * RoundingError.Unit)));
                    _lp.Model.AddGreaterOrEqual($"h>=z/{k}/{i}", new[] { new Term(h, 1), new Term(z, -1), new Term(t, 1) }, 0);
                    _lp.Model.AddLessOrEqual($"h<=tri/{k}/{i}", new[] { new Term(h, 1), new Term(z, -slope), new Term(t, -1) }, Math.BitIncrement(-slope * l));
                    output[i] = h;
                }
            }

            return output;
        }

        /// <summary>
        /// α·z on the side z ≤ 0 (z ≥ l there): null, identically zero, for ReLU; else a variable
        /// y = α·z in [α·l, 0], widened like the pre-activations' bounds.
        /// </summary>
        private Var? Scaled(Var z, double l, double alpha, int k, int i)
        {
            if (alpha == 0)
            {
                return null;
            }

            var y = _lp.Add($"y/{k}/{i}", double.NegativeInfinity, double.PositiveInfinity, Widen(RoundingError.MultiplyDown(alpha, l), -1), 0);
            _lp.Model.AddEquality($"off/{k}/{i}", new[] { new Term(y, 1), new Term(z, -alpha) }, 0);
            return y;
        }

        /// <summary>
        /// The triangle of f(z) = max(z, αz) over [l, u]: h ≥ z, h ≥ αz, h ≤ s·z + c, each row
        /// loosened by the elastic t as the ReLU triangle is. The slope s is rounded up from
        /// (u − αl)/(u − l) by directed operations and c clears f at z = l in exact arithmetic
        /// (the rule of the CROWN chord at l): with s above the exact chord's
        /// slope, the line lies above f at u too, so the sub-domain's points satisfy every row
        /// with t = 0.
        /// </summary>
        private Var LeakyTriangle(Var z, double l, double u, double alpha, int k, int i)
        {
            var low = RoundingError.MultiplyDown(alpha, l);
            var h = _lp.Add($"h/{k}/{i}", low, u, low, u);
            var t = _lp.Elastic();
            var slope = Math.BitIncrement(RoundingError.AddUp(u, RoundingError.MultiplyUp(-alpha, l)) / RoundingError.AddDown(u, -l));
            var constant = RoundingError.MultiplyUp(RoundingError.AddDown(alpha, -slope), l);
            _lp.Model.AddGreaterOrEqual($"h>=z/{k}/{i}", new[] { new Term(h, 1), new Term(z, -1), new Term(t, 1) }, 0);
            _lp.Model.AddGreaterOrEqual($"h>=az/{k}/{i}", new[] { new Term(h, 1), new Term(z, -alpha), new Term(t, 1) }, 0);
            _lp.Model.AddLessOrEqual($"h<=tri/{k}/{i}", new[] { new Term(h, 1), new Term(z, -slope), new Term(t, -1) }, constant);
            return h;
        }

        private static double Widen(double bound, int direction) =>
            bound + (direction * 1e-9 * (1 + Math.Abs(bound)));
    }

    /// <summary>An affine expression Σ terms + constant over the LP's variables.</summary>
    private readonly record struct Affine(Term[] Terms, double Constant)
    {
        public static Affine Zero { get; } = new(Array.Empty<Term>(), 0);

        /// <summary>A value of the previous layer: a variable, or null for one identically zero.</summary>
        public static Affine Of(Var? v) => v is { } x ? new Affine(new[] { new Term(x, 1) }, 0) : Zero;

        /// <summary>The layer's outputs over its inputs' variables, its weights and bias as given.</summary>
        public static Affine[] Of(LinearLayer linear, Var?[] inputs)
        {
            var output = new Affine[linear.OutputSize];
            for (var i = 0; i < output.Length; i++)
            {
                var terms = new List<Term>();
                foreach (var (column, value) in linear.Matrix.Row(i))
                {
                    if (inputs[column] is { } h)
                    {
                        terms.Add(new Term(h, value));
                    }
                }

                output[i] = new Affine(terms.ToArray(), linear.Bias[i]);
            }

            return output;
        }
    }

    internal static int LastFixedLayer(PiecewiseLinearNetwork net, sbyte[] signs)
    {
        for (var g = signs.Length - 1; g >= 0; g--)
        {
            if (signs[g] != 0)
            {
                return net.LayerOfNeuron[g];
            }
        }

        return -1;
    }
}

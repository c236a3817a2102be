using ExactLip.Bounds;
using ExactLip.BranchAndBound;
using ExactLip.Core;
using ExactLip.Network;
using ExactLip.Network.Layers;
using ExactLip.Network.Relaxation;
using ExactLip.Tests.Bounds.Exact;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Bounds;

/// <summary>
/// Bounds must hold for the exact real-number evaluation of the network whose weights are the
/// float64 numbers stored. The reference is exact rational arithmetic (<see cref="Rational"/>);
/// the cases are those where float64 evaluation misses the true bound by more than the relative
/// 1e-9 widening that stood before: cancellation of large terms, boxes centred far from the
/// origin, weights of very different sizes, long dot products.
/// </summary>
public class RoundingSoundnessTests
{
    /// <summary>1e6 + 0.1 (not a float64 number: it is the nearest one).</summary>
    private const double FarPoint = 1e6 + 0.1;

    /// <summary>The next float64 number above 1e8: the two weights cancel up to one ulp.</summary>
    private static readonly double NearlyOpposite = -Math.BitIncrement(1e8);

    [Fact]
    public void Interval_CancellationFarFromTheOrigin_ContainsTheExactRange()
    {
        // z = 1e8·x₁ − (1e8 + 2⁻²⁶)·x₂ at x₁ = x₂ ≈ 1e6: each product rounds by up to 2⁻⁷ and
        // the exact z = −2⁻²⁶·x ≈ −0.0149 while float64 gives −0.015625.
        var layer = AffineLayer.Dense(2, 1, new[] { 1e8, NearlyOpposite }, new[] { 0.0 });
        var box = new Box(new[] { FarPoint, FarPoint }, new[] { FarPoint, FarPoint });
        AssertContainsExactRange(layer, box, previousWideningMisses: true);

        var wide = new Box(new[] { FarPoint, FarPoint }, new[] { FarPoint + 0.125, FarPoint + 0.125 });
        AssertContainsExactRange(layer, wide, previousWideningMisses: false);
    }

    [Fact]
    public void Interval_LongDotProductOfMixedSizes_ContainsTheExactValue()
    {
        // 10⁴ terms, weights 2⁻²⁰ … 2²¹ in pairs that cancel up to one ulp, inputs near 1e6.
        var (weights, x) = CancellingPairs(10_000);
        var layer = AffineLayer.Dense(weights.Length, 1, weights, new[] { 0.0 });
        AssertContainsExactRange(layer, new Box(x, x.ToArray()), previousWideningMisses: true);
    }

    [Fact]
    public void Concretize_RowsOfMixedSizesOverAFarBox_ContainsTheExactExtremes()
    {
        var rng = new Random(31);
        for (var trial = 0; trial < 50; trial++)
        {
            var n = 1 + rng.Next(40);
            var lo = Enumerable.Range(0, n).Select(_ => 1e6 + rng.NextDouble()).ToArray();
            var hi = lo.Select(v => v + (rng.NextDouble() * 1e-3)).ToArray();
            var box = new Box(lo, hi);
            var row = Enumerable.Range(0, n).Select(_ => MixedSize(rng)).ToArray();
            var bias = MixedSize(rng) * 1e6;
            var set = new LinearBoundSet(new[] { row }, new[] { bias }, new[] { row.ToArray() }, new[] { bias });
            var (lower, upper) = set.Concretize(box);

            Rational max = bias, min = bias;
            for (var j = 0; j < n; j++)
            {
                Rational w = row[j];
                max += w * (row[j] >= 0 ? hi[j] : lo[j]);
                min += w * (row[j] >= 0 ? lo[j] : hi[j]);
            }

            ((Rational)upper[0]).Should().BeGreaterThanOrEqualTo(max);
            ((Rational)lower[0]).Should().BeLessThanOrEqualTo(min);
        }
    }

    /// <summary>
    /// One back-substitution step through y = W x + b (and one through the backward pass
    /// dx = Wᵀ dy) with rows λ of mixed sizes, then evaluated over a box near 1e6: the float rows
    /// fl(Wᵀλ) differ from the exact ones, and over such a box that difference dominates.
    /// </summary>
    [Fact]
    public void LinearStep_RowsOfMixedSizesOverAFarBox_ContainTheExactExtremes()
    {
        var rng = new Random(34);
        for (var trial = 0; trial < 40; trial++)
        {
            int outputs = 2 * (1 + rng.Next(15)), inputs = 2 * (1 + rng.Next(2));
            var w = Enumerable.Range(0, outputs * inputs).Select(_ => MixedSize(rng) * (rng.Next(2) == 0 ? 1 : -1)).ToArray();
            var b = Enumerable.Range(0, outputs).Select(_ => MixedSize(rng)).ToArray();
            var lambda = Enumerable.Range(0, outputs).Select(_ => MixedSize(rng) * (rng.Next(2) == 0 ? 1 : -1)).ToArray();
            var rows = Enumerable.Range(0, inputs).Select(_ => MixedSize(rng) * (rng.Next(2) == 0 ? 1 : -1)).ToArray();

            // Pairs of rows (and of columns) that cancel against λ (and the signal rows) up to
            // rounding: the exact coefficients are tiny, the float ones are rounding noise.
            for (var i = 0; i < outputs; i += 2)
            {
                for (var j = 0; j < inputs; j++)
                {
                    w[((i + 1) * inputs) + j] = -(w[(i * inputs) + j] * lambda[i] / lambda[i + 1]);
                }
            }

            var layer = AffineLayer.Dense(inputs, outputs, w, b);

            // Forward: λᵀ(W x + b) over x near 1e6.
            var lo = Enumerable.Range(0, inputs).Select(_ => 1e6 + rng.NextDouble()).ToArray();
            var box = new Box(lo, lo.Select(v => v + 1e-6).ToArray());
            var set = new LinearBoundSet(new[] { lambda.ToArray() }, new[] { 0.0 }, new[] { lambda.ToArray() }, new[] { 0.0 });
            layer.BackSubstitute(set, box);
            var (lower, upper) = set.Concretize(box);
            var (min, max) = ExactRange(layer.Matrix, b, lambda, box, transposed: false);
            ((Rational)upper[0]).Should().BeGreaterThanOrEqualTo(max, $"trial {trial}");
            ((Rational)lower[0]).Should().BeLessThanOrEqualTo(min, $"trial {trial}");

            // Backward: λᵀ(Wᵀ dy) over dy near 1e6.
            var dyLo = Enumerable.Range(0, outputs).Select(_ => 1e6 + rng.NextDouble()).ToArray();
            var dyBox = new Box(dyLo, dyLo.Select(v => v + 1e-6).ToArray());
            var signal = new LinearBoundSet(new[] { rows.ToArray() }, new[] { 0.0 }, new[] { rows.ToArray() }, new[] { 0.0 });
            layer.BackSubstituteSignal(signal, box, dyBox).Should().BeTrue();
            var (signalLower, signalUpper) = signal.Concretize(dyBox);
            var (signalMin, signalMax) = ExactRange(layer.Matrix, null, rows, dyBox, transposed: true);
            ((Rational)signalUpper[0]).Should().BeGreaterThanOrEqualTo(signalMax, $"trial {trial}");
            ((Rational)signalLower[0]).Should().BeLessThanOrEqualTo(signalMin, $"trial {trial}");
        }
    }

    [Fact]
    public void ReluRelaxation_LinesOfWildScales_LieOnTheRightSideAtBothEndsExactly()
    {
        var rng = new Random(32);
        var relu = new ReluLayer(Shape.Vector(1));
        for (var trial = 0; trial < 2000; trial++)
        {
            double l = -MixedSize(rng, 30), u = MixedSize(rng, 30), lambda = MixedSize(rng, 30) * (rng.Next(2) == 0 ? 1 : -1);
            var set = new LinearBoundSet(new[] { new[] { lambda } }, new[] { 0.0 }, new[] { new[] { lambda } }, new[] { 0.0 });
            relu.BackSubstitute(set, new Box(new[] { l }, new[] { u }));
            foreach (var z in new[] { l, u, 0.0 })
            {
                // λ·relu(z) between the two lines at the ends (and at the kink): enough, as each
                // line meets a convex or concave function of z.
                var target = (Rational)lambda * (z > 0 ? z : 0.0);
                ((Rational)set.Upper[0][0] * z + set.UpperBias[0]).Should().BeGreaterThanOrEqualTo(target, $"λ={lambda:R}, z={z:R} in [{l:R}, {u:R}]");
                ((Rational)set.Lower[0][0] * z + set.LowerBias[0]).Should().BeLessThanOrEqualTo(target, $"λ={lambda:R}, z={z:R} in [{l:R}, {u:R}]");
            }
        }
    }

    /// <summary>
    /// σ_max(M)² ≥ ‖Mᵀu‖²/‖u‖² for every u, evaluated exactly at the near-optimal u the
    /// eigen-solver returns: the certified bound must not fall below it.
    /// </summary>
    [Fact]
    public void SpectralUpperBound_MixedSizes_IsAtLeastTheExactRayleighQuotient()
    {
        var rng = new Random(35);
        for (var trial = 0; trial < 30; trial++)
        {
            int rows = 1 + rng.Next(5), columns = 1 + rng.Next(8);
            var magnitude = Enumerable.Range(0, rows).Select(_ => Enumerable.Range(0, columns).Select(_ => MixedSize(rng, 8)).ToArray()).ToArray();
            var bound = (Rational)ExactLip.BranchAndBound.MagnitudeSpectralBound.UpperBound(magnitude);
            var (_, u) = ExactLip.Network.JacobiSpectralNorm.Exact(magnitude);
            Rational uu = Rational.Zero, mu = Rational.Zero;
            foreach (var x in u)
            {
                uu += (Rational)x * x;
            }

            for (var j = 0; j < columns; j++)
            {
                var column = Rational.Zero;
                for (var i = 0; i < rows; i++)
                {
                    column += (Rational)magnitude[i][j] * u[i];
                }

                mu += column * column;
            }

            (bound * bound * uu).Should().BeGreaterThanOrEqualTo(mu, $"trial {trial}");
        }
    }

    [Theory]
    [InlineData(BoundsMethod.Interval)]
    [InlineData(BoundsMethod.Crown)]
    public void Propagation_MixedScaleNetworksFarFromTheOrigin_ContainExactActivationsAndGradients(BoundsMethod method)
    {
        var rng = new Random(33);
        for (var trial = 0; trial < 12; trial++)
        {
            var net = MixedScaleMlp(rng, 3, new[] { 6, 5 }, 2);
            var center = Enumerable.Range(0, 3).Select(_ => 1e6 + rng.NextDouble()).ToArray();
            var box = Box.Ball(center, 1e-4 * (1 + rng.NextDouble()));
            var c = new[] { 1.0, -1.0 };
            var bounds = BoundPropagation.Compute(net, box, Box.Point(c), method);
            foreach (var x in Points(rng, box, 40))
            {
                var acts = ExactEvaluation.ForwardAll(net, x);
                for (var k = 0; k < acts.Length; k++)
                {
                    AssertInside(bounds.Activations[k], acts[k], $"layer {k}");
                }

                var g = ExactEvaluation.Gradient(net, x, c);
                AssertInside(bounds.InputGradient, g, "input gradient");
                AssertNormBounded(bounds.GradientNormUpperBound(Norm.L1), g, Norm.L1);
                AssertNormBounded(bounds.GradientNormUpperBound(Norm.L2), g, Norm.L2);
                AssertNormBounded(bounds.GradientNormUpperBound(Norm.Linf), g, Norm.Linf);
            }
        }
    }

    /// <summary>
    /// One neuron whose exact pre-activation is +0.0003 where float64 computes −0.0004: a bound
    /// that trusts float64 calls it inactive and bounds the gradient by 0, while the exact
    /// gradient is (1e8, −1e8 − 2⁻²⁶). Every engine's bound must reach its norm.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BranchAndBound_NeuronThatFloat64CallsInactive_StillBoundsTheExactGradient(bool linear)
    {
        var first = AffineLayer.Dense(2, 1, new[] { 1e8, NearlyOpposite }, new[] { 0.0152 });
        var net = new NeuralNetwork("cancel", new Layer[] { first, new ReluLayer(Shape.Vector(1)), AffineLayer.Dense(1, 1, new[] { 1.0 }, new[] { 0.0 }) });
        var x = new[] { FarPoint, FarPoint };
        var box = new Box(x, x.ToArray());
        var exactPre = ExactEvaluation.ForwardAll(net, x)[1][0];
        exactPre.Sign.Should().BePositive("the neuron is active in exact arithmetic");
        PreviousWidening(first.Matrix, first.Bias, box).Hi(0).Should().BeNegative("float64 with a relative widening calls it inactive");

        var g = ExactEvaluation.Gradient(net, x, new[] { 1.0 });
        var plnet = new PiecewiseLinearNetwork(net);
        foreach (var norm in new[] { Norm.Linf, Norm.L1, Norm.L2 })
        {
            var quantity = new JacobianQuantity(LipschitzQuantity.Scalar(norm, new[] { 1.0 }), 1);
            var domain = DomainBounds.Compute(plnet, box, new sbyte[plnet.Neurons], linear, quantity, BranchingRule.Influence);
            domain.Should().NotBeNull();
            AssertNormBounded(domain!.Upper, g, norm.Dual());
        }
    }

    /// <summary>
    /// The exact range of λᵀ(W x + b) over the box (or of λᵀ(Wᵀ y) when
    /// <paramref name="transposed"/>): a linear function with exact coefficients, extreme at the
    /// end each coefficient's sign picks.
    /// </summary>
    private static (Rational Min, Rational Max) ExactRange(SparseMatrix w, double[]? bias, double[] lambda, Box box, bool transposed)
    {
        var coefficients = Enumerable.Repeat(Rational.Zero, box.Dimension).ToArray();
        Rational constant = Rational.Zero;
        for (var i = 0; i < w.Rows; i++)
        {
            foreach (var (column, value) in w.Row(i))
            {
                if (transposed)
                {
                    coefficients[i] += (Rational)value * lambda[column];
                }
                else
                {
                    coefficients[column] += (Rational)value * lambda[i];
                }
            }

            if (bias is not null)
            {
                constant += (Rational)bias[i] * lambda[i];
            }
        }

        Rational min = constant, max = constant;
        for (var j = 0; j < coefficients.Length; j++)
        {
            Rational l = box.Lo(j), u = box.Hi(j);
            min += coefficients[j].Sign >= 0 ? coefficients[j] * l : coefficients[j] * u;
            max += coefficients[j].Sign >= 0 ? coefficients[j] * u : coefficients[j] * l;
        }

        return (min, max);
    }

    /// <summary>The interval bound of <see cref="LinearLayer.ForwardInterval"/> against the exact range, and against the relative widening it replaced.</summary>
    private static void AssertContainsExactRange(LinearLayer layer, Box box, bool previousWideningMisses)
    {
        var exact = ExactEvaluation.AffineRange(layer.Matrix, layer.Bias, box);
        var bound = layer.ForwardInterval(box);
        var previous = PreviousWidening(layer.Matrix, layer.Bias, box);
        for (var i = 0; i < exact.Length; i++)
        {
            ((Rational)bound.Lo(i)).Should().BeLessThanOrEqualTo(exact[i].Lo);
            ((Rational)bound.Hi(i)).Should().BeGreaterThanOrEqualTo(exact[i].Hi);
            if (previousWideningMisses)
            {
                var missed = (Rational)previous.Lo(i) > exact[i].Lo || (Rational)previous.Hi(i) < exact[i].Hi;
                missed.Should().BeTrue("the case must be one where a relative 1e-9 widening is not enough");
            }
        }
    }

    /// <summary>
    /// The interval transfer as it stood before rounding-error bounds: centre and radius in
    /// float64, then each end widened by a relative 1e-9 and an absolute 1e-12.
    /// </summary>
    private static Box PreviousWidening(SparseMatrix a, double[] bias, Box box)
    {
        var center = box.Center();
        var radius = box.Radius();
        var c = new double[a.Rows];
        var r = new double[a.Rows];
        a.Multiply(center, c);
        a.MultiplyAbs(radius, r);
        var lo = new double[a.Rows];
        var hi = new double[a.Rows];
        for (var i = 0; i < lo.Length; i++)
        {
            c[i] += bias[i];
            var w = r[i] + (1e-9 * r[i]);
            lo[i] = BoundsRounding.Down(c[i] - w);
            hi[i] = BoundsRounding.Up(c[i] + w);
        }

        return new Box(lo, hi);
    }

    /// <summary>Pairs m, −next(m) with m from 2⁻²⁰ to 2²¹ at equal inputs near 1e6 (a fixed generator: the case is chosen, not drawn).</summary>
    private static (double[] Weights, double[] X) CancellingPairs(int n)
    {
        var weights = new double[n];
        var x = new double[n];
        var h = 12345UL;
        for (var k = 0; k < n / 2; k++)
        {
            h = unchecked((h * 6364136223846793005UL) + 1442695040888963407UL);
            var m = (1 + ((h >> 20) % 1000 / 1000.0)) * Math.Pow(2, (int)((h >> 40) % 41) - 20);
            var v = 1e6 + ((h >> 8) % 997 / 7.0);
            weights[2 * k] = m;
            weights[(2 * k) + 1] = -Math.BitIncrement(m);
            x[2 * k] = v;
            x[(2 * k) + 1] = v;
        }

        return (weights, x);
    }

    /// <summary>An MLP whose weights span 2⁻²⁰ … 2²⁰ in size, with biases to match.</summary>
    private static NeuralNetwork MixedScaleMlp(Random rng, int inputs, IReadOnlyList<int> hidden, int outputs)
    {
        var layers = new List<Layer>();
        var widths = hidden.Prepend(inputs).Append(outputs).ToArray();
        for (var k = 0; k + 1 < widths.Length; k++)
        {
            var (width, h) = (widths[k], widths[k + 1]);
            var w = Enumerable.Range(0, width * h).Select(_ => MixedSize(rng) * (rng.Next(2) == 0 ? 1 : -1)).ToArray();
            var b = Enumerable.Range(0, h).Select(_ => MixedSize(rng) * (rng.Next(2) == 0 ? 1e6 : -1e6)).ToArray();
            layers.Add(AffineLayer.Dense(width, h, w, b));
            if (k + 2 < widths.Length)
            {
                layers.Add(new ReluLayer(Shape.Vector(h)));
            }
        }

        return new NeuralNetwork("mixed-scale", layers);
    }

    /// <summary>A positive number 2^e·(1 + f) with e uniform in ±<paramref name="spread"/>.</summary>
    private static double MixedSize(Random rng, int spread = 20) =>
        (1 + rng.NextDouble()) * Math.Pow(2, rng.Next(-spread, spread + 1));

    /// <summary>The box's vertices (up to 8) and random points of it.</summary>
    private static IEnumerable<double[]> Points(Random rng, Box box, int random)
    {
        var n = box.Dimension;
        for (var mask = 0; mask < Math.Min(1 << n, 8); mask++)
        {
            yield return Enumerable.Range(0, n).Select(i => ((mask >> i) & 1) == 1 ? box.Hi(i) : box.Lo(i)).ToArray();
        }

        for (var s = 0; s < random; s++)
        {
            yield return BoundPropagationTests.SamplePoint(rng, box);
        }
    }

    private static void AssertInside(Box bounds, IReadOnlyList<Rational> values, string what)
    {
        for (var i = 0; i < values.Count; i++)
        {
            ((Rational)bounds.Lo(i)).Should().BeLessThanOrEqualTo(values[i], $"{what} {i}");
            ((Rational)bounds.Hi(i)).Should().BeGreaterThanOrEqualTo(values[i], $"{what} {i}");
        }
    }

    /// <summary>bound ≥ ‖g‖ exactly (for ℓ2 by squares: bound² ≥ Σ gᵢ²).</summary>
    private static void AssertNormBounded(double bound, IReadOnlyList<Rational> g, Norm norm)
    {
        Rational b = bound;
        switch (norm)
        {
            case Norm.L1:
                b.Should().BeGreaterThanOrEqualTo(g.Aggregate(Rational.Zero, (s, v) => s + v.Abs()));
                break;
            case Norm.L2:
                (b * b).Should().BeGreaterThanOrEqualTo(g.Aggregate(Rational.Zero, (s, v) => s + (v * v)));
                break;
            default:
                b.Should().BeGreaterThanOrEqualTo(g.Aggregate(Rational.Zero, (s, v) => Rational.Max(s, v.Abs())));
                break;
        }
    }
}

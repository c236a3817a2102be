using ExactLip.Bounds;
using ExactLip.Core;
using ExactLip.Encoding;
using ExactLip.Network;
using ExactLip.Network.Layers;
using ExactLip.Tests.Bounds;
using ExactLip.Tests.Exact;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Network.Layers;

/// <summary>
/// A ReLU layer with a negative slope α (LeakyRelu) against independent references: exact
/// rational arithmetic for its rounding-aware passes, samples for its bounds, the two-ReLU
/// lowering relu(x) − α·relu(−x) it replaced (its bounds may only get tighter, its MIP has twice
/// the binaries), and the network's own gradient for the MIP's start values.
/// </summary>
public class LeakyReluLayerTests
{
    public static TheoryData<double> Slopes => new() { 0.0, 0.1, 0.5, 0.9 };

    [Theory]
    [MemberData(nameof(Slopes))]
    public void Intervals_AndRelaxation_BoundSampledValues(double alpha)
    {
        var layer = new ReluLayer(Shape.Vector(6), alpha);
        var rng = new Random(StableSeed.Of($"leaky-{alpha}"));
        LayerChecks.ForwardIntervalContainsSamples(layer, rng);
        LayerChecks.BackwardIntervalContainsSamples(layer, rng);
        LayerChecks.BackSubstitutionBoundsSamples(layer, rng);
    }

    [Theory]
    [MemberData(nameof(Slopes))]
    public void ForwardAndBackwardWithError_EncloseTheExactValues(double alpha)
    {
        // Each input x̂ ± e stands for an exact x = x̂ + t·e, t ∈ [−1, 1]; the exact f(x) (and
        // f′(x)·dy for an exact dy) must lie within the stated error of the computed value.
        var layer = new ReluLayer(Shape.Vector(1), alpha);
        var a = Rational.FromDouble(alpha);
        var rng = new Random(StableSeed.Of($"leaky-error-{alpha}"));
        for (var s = 0; s < 2000; s++)
        {
            var x = (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-8, 8));
            var error = s % 3 == 0 ? 0 : Math.Abs(x) * rng.NextDouble() * (s % 2 == 0 ? 0.5 : 2);
            var input = new PointEnclosure(new[] { x });
            input.Error[0] = error;
            var output = new PointEnclosure(1);
            if (!layer.ForwardWithError(input, output))
            {
                // Refused only where the kink lies within the error.
                Math.Abs(x).Should().BeLessThanOrEqualTo(error);
                continue;
            }

            var t = Rational.FromDouble((rng.NextDouble() * 2) - 1);
            var exact = Rational.FromDouble(x) + (t * Rational.FromDouble(error));
            var f = exact.Sign > 0 ? exact : a * exact;
            Rational.Abs(f - Rational.FromDouble(output.Value[0])).Should().BeLessThanOrEqualTo(Rational.FromDouble(output.Error[0]), $"x = {x} ± {error}");

            var dy = (rng.NextDouble() - 0.5) * 4;
            var dyError = Math.Abs(dy) * 1e-10;
            var dx = new double[1];
            var dxError = new double[1];
            layer.BackwardWithError(new[] { x }, new[] { dy }, new[] { dyError }, dx, dxError);
            var exactDy = Rational.FromDouble(dy) + (t * Rational.FromDouble(dyError));
            var product = x > 0 ? exactDy : a * exactDy;
            Rational.Abs(product - Rational.FromDouble(dx[0])).Should().BeLessThanOrEqualTo(Rational.FromDouble(dxError[0]), $"x = {x}, dy = {dy}");
        }
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    public void Bounds_AreNoLooserThanTheTwoReluLowering_AndContainSamples(double alpha)
    {
        var rng = new Random(StableSeed.Of($"leaky-lowering-{alpha}"));
        var c = new[] { 1.0, -0.5 };
        var tighterGradient = 0;
        for (var trial = 0; trial < 20; trial++)
        {
            var (leaky, lowered) = Pair(rng, alpha, 3, 6, 2);
            var box = BoundPropagationTests.RandomBox(rng, 3, 0.2 + rng.NextDouble());
            foreach (var method in new[] { BoundsMethod.Interval, BoundsMethod.Crown })
            {
                var mine = BoundPropagation.Compute(leaky, box, Box.Point(c), method);
                var before = BoundPropagation.Compute(lowered, box, Box.Point(c), method);
                var because = $"trial {trial}, {method}, α = {alpha}";
                Within(mine.Activations[^1], before.Activations[^1]).Should().BeTrue($"{because}: output bounds {mine.Activations[^1]} inside {before.Activations[^1]}");
                Within(mine.InputGradient, before.InputGradient).Should().BeTrue($"{because}: gradient bounds {mine.InputGradient} inside {before.InputGradient}");
                tighterGradient += Enumerable.Range(0, 3).Count(i => mine.InputGradient.Width(i) < before.InputGradient.Width(i) * (1 - 1e-9));
                for (var s = 0; s < 50; s++)
                {
                    var x = BoundPropagationTests.SamplePoint(rng, box);
                    mine.Activations[^1].Contains(leaky.Forward(x), 1e-12).Should().BeTrue(because);
                    mine.InputGradient.Contains(leaky.Gradient(x, c), 1e-12).Should().BeTrue(because);
                }
            }
        }

        tighterGradient.Should().BeGreaterThan(0, "the derivative ranges over {α, 1}, not over {0, 1, α, 1 + α} as two independent ReLUs");
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    public void Mip_HasOneBinaryPerUnstableNeuron_HalfTheLowering(double alpha)
    {
        var rng = new Random(StableSeed.Of($"leaky-binaries-{alpha}"));
        var weights = OutputWeights.Vector(new[] { 1.0, -0.5 });
        for (var trial = 0; trial < 10; trial++)
        {
            var (leaky, lowered) = Pair(rng, alpha, 3, 8, 2);
            var box = Box.Ball(new double[3], 0.5 + rng.NextDouble());
            var bounds = BoundPropagation.Compute(leaky, box, weights.Bounds(), BoundsMethod.Interval);
            var loweredBounds = BoundPropagation.Compute(lowered, box, weights.Bounds(), BoundsMethod.Interval);
            var mip = LipMipEncoder.Encode(bounds, weights, Norm.Linf);
            var loweredMip = LipMipEncoder.Encode(loweredBounds, weights, Norm.Linf);

            // The unstable neurons, counted here from the pre-activation bounds.
            var pre = bounds.Activations[1];
            var unstable = Enumerable.Range(0, pre.Dimension).Count(i => pre.Lo(i) < 0 && pre.Hi(i) > 0);
            Binaries(mip, "leakyrelu/1/").Should().Be(unstable);
            Binaries(loweredMip, "relu/2/").Should().Be(2 * unstable, "each unstable LeakyRelu neuron was two unstable mirrored ReLUs");

            // The norm's sign binaries come on top, never more of them (the gradient bounds are no looser).
            var total = mip.Model.Variables.Count(v => v.IsInteger);
            (loweredMip.Model.Variables.Count(v => v.IsInteger) - total).Should().BeGreaterThanOrEqualTo(unstable);
        }
    }

    [Theory]
    [InlineData(0.1, false)]
    [InlineData(0.5, false)]
    [InlineData(0.5, true)]
    public void MipStart_IsFeasible_AndItsObjectiveIsTheGradientNorm(double alpha, bool boxWeights)
    {
        var rng = new Random(StableSeed.Of($"leaky-start-{alpha}-{boxWeights}"));
        for (var trial = 0; trial < 15; trial++)
        {
            var net = RandomNetworks.Mlp(rng, 3, new[] { 5, 4 }, 2, alpha);
            var box = BoundPropagationTests.RandomBox(rng, 3, 0.5);
            var weights = boxWeights ? OutputWeights.UnitBox(2) : OutputWeights.Vector(new[] { 0.7, -1.3 });
            var bounds = BoundPropagation.Compute(net, box, weights.Bounds(), BoundsMethod.Crown);
            var mip = LipMipEncoder.Encode(bounds, weights, Norm.Linf);
            for (var s = 0; s < 20; s++)
            {
                var x = BoundPropagationTests.SamplePoint(rng, box);
                var c = boxWeights ? new[] { (rng.Next(2) * 2) - 1.0, (rng.Next(2) * 2) - 1.0 } : weights.Fixed!;
                var values = mip.StartFrom(x, c);
                mip.Model.MaxViolation(values).Should().BeLessThan(1e-9);
                mip.Model.Evaluate(values).Should().BeApproximately(Norm.L1.Of(net.Gradient(x, c)), 1e-9);
            }
        }
    }

    [Fact]
    public void NegativeSlope_OutsideZeroToOne_IsRefused()
    {
        foreach (var alpha in new[] { -0.1, 1.0, 2.0, double.NaN })
        {
            var act = () => new ReluLayer(Shape.Vector(2), alpha);
            act.Should().Throw<ArgumentOutOfRangeException>();
        }
    }

    private static int Binaries(LipschitzMip mip, string layer) =>
        mip.Model.Variables.Count(v => v.IsInteger && v.Name.StartsWith(layer, StringComparison.Ordinal) && v.Name.EndsWith("/a", StringComparison.Ordinal));

    /// <summary>Whether <paramref name="inner"/> lies inside <paramref name="outer"/> up to 1e-12 relative (rounding terms differ).</summary>
    private static bool Within(Box inner, Box outer)
    {
        for (var i = 0; i < inner.Dimension; i++)
        {
            var slack = 1e-12 * (1 + Math.Abs(outer.Lo(i)) + Math.Abs(outer.Hi(i)));
            if (inner.Lo(i) < outer.Lo(i) - slack || inner.Hi(i) > outer.Hi(i) + slack)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// One random network with a LeakyRelu layer, and the same function as the lowering wrote it:
    /// affine → [I; −I] → ReLU → [I, −αI] → affine.
    /// </summary>
    private static (NeuralNetwork Leaky, NeuralNetwork Lowered) Pair(Random rng, double alpha, int inputs, int hidden, int outputs)
    {
        var first = RandomNetworks.Dense(rng, inputs, hidden);
        var last = RandomNetworks.Dense(rng, hidden, outputs);
        var leaky = new NeuralNetwork("leaky", new Layer[] { first, new ReluLayer(Shape.Vector(hidden), alpha), last });
        var split = new double[2 * hidden * hidden];
        var join = new double[hidden * 2 * hidden];
        for (var i = 0; i < hidden; i++)
        {
            split[(i * hidden) + i] = 1;
            split[((hidden + i) * hidden) + i] = -1;
            join[(i * 2 * hidden) + i] = 1;
            join[(i * 2 * hidden) + hidden + i] = -alpha;
        }

        var lowered = new NeuralNetwork("lowered", new Layer[]
        {
            first,
            AffineLayer.Dense(hidden, 2 * hidden, split, new double[2 * hidden]),
            new ReluLayer(Shape.Vector(2 * hidden)),
            AffineLayer.Dense(2 * hidden, hidden, join, new double[hidden]),
            last,
        });
        return (leaky, lowered);
    }
}

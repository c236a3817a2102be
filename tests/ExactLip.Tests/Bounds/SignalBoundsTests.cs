using ExactLip.Bounds;
using ExactLip.Core;
using ExactLip.Network;
using ExactLip.Network.Layers;
using ExactLip.Network.Relaxation;
using ExactLip.Tests.Bounds.Exact;
using FluentAssertions;
using Xunit;
using static ExactLip.Tests.Bounds.BoundPropagationTests;

namespace ExactLip.Tests.Bounds;

public class SignalBoundsTests
{
    [Fact]
    public void Compute_ContainsEverySampledSignal_AtEveryLayer()
    {
        var rng = new Random(21);
        for (var trial = 0; trial < 20; trial++)
        {
            var net = RandomNetworks.Mlp(rng, 3, new[] { 6, 5, 4 }, 2);
            var box = RandomBox(rng, 3, 0.4);
            var acts = BoundPropagation.Forward(net, box, BoundsMethod.Crown);

            // Half the trials bound a fixed c, half every c in [−1, 1]² (an operator norm's weights).
            var fixedC = trial % 2 == 0;
            var weights = fixedC ? Box.Point(new[] { 1.0, -0.5 }) : new Box(new[] { -1.0, -1 }, new[] { 1.0, 1 });
            var grads = SignalBounds.Compute(net.Layers, acts, weights);
            for (var s = 0; s < 200; s++)
            {
                var activations = net.ForwardAll(SamplePoint(rng, box));
                var signal = SamplePoint(rng, weights);
                for (var k = net.Layers.Count - 1; k >= 0; k--)
                {
                    var dx = new double[net.Layers[k].InputSize];
                    net.Layers[k].Backward(activations[k], signal, dx);
                    signal = dx;
                    grads[k].Contains(signal).Should().BeTrue($"the signal at the input of layer {k} must lie in its bounds");
                }
            }
        }
    }

    [Fact]
    public void Compute_ContainsTheExactGradientRange_FromRegionEnumeration()
    {
        var rng = new Random(22);
        for (var trial = 0; trial < 15; trial++)
        {
            var net = RandomNetworks.Mlp(rng, 2, new[] { 4, 4, 3 }, 2);
            var box = RandomBox(rng, 2, 0.5);
            var c = new[] { 1.0, -1.0 };
            var grads = SignalBounds.Compute(net.Layers, BoundPropagation.Forward(net, box, BoundsMethod.Crown), Box.Point(c));
            foreach (var j in RegionOracle.RegionJacobians(net, box))
            {
                grads[0].Contains(Gradient(j, c)).Should().BeTrue("every region's gradient must lie in the bounds, kinks included");
            }
        }
    }

    /// <summary>
    /// With fixed output weights the signal after the last ReLU layer is one point, so at the input
    /// of the linear layer before that ReLU each coordinate is a sum of terms that vary one gate at
    /// a time: the bounds there are that sum's exact range over every pattern of the ReLU's
    /// unstable gates (enumerated), up to rounding. The search takes them from interval
    /// arithmetic on that ground alone (no linear rows there).
    /// </summary>
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.2)]
    public void Compute_BeforeTheLastRelu_IsTheExactRangeOverItsGates(double negativeSlope)
    {
        var rng = new Random(28);
        var unstableSeen = 0;
        for (var trial = 0; trial < 20; trial++)
        {
            var net = RandomNetworks.Mlp(rng, 3, new[] { 6, 5 }, 2, negativeSlope);
            var box = RandomBox(rng, 3, 0.3);
            var acts = BoundPropagation.Forward(net, box, BoundsMethod.Crown);
            var c = new[] { 1.0, -0.5 };
            var grads = SignalBounds.Compute(net.Layers, acts, Box.Point(c));

            // Layers: dense, ReLU, dense (2), ReLU (3), dense (4). v: the signal after ReLU 3.
            var v = new double[5];
            net.Layers[4].Backward(new double[5], c, v);
            var pre = acts[3];
            var unstable = Enumerable.Range(0, 5).Where(j => pre.Lo(j) < 0 && pre.Hi(j) > 0).ToArray();
            unstableSeen += unstable.Length;
            var lo = Enumerable.Repeat(double.PositiveInfinity, 6).ToArray();
            var hi = Enumerable.Repeat(double.NegativeInfinity, 6).ToArray();
            for (var pattern = 0; pattern < 1 << unstable.Length; pattern++)
            {
                var dy = new double[5];
                for (var j = 0; j < 5; j++)
                {
                    var slot = Array.IndexOf(unstable, j);
                    var on = slot >= 0 ? ((pattern >> slot) & 1) == 1 : pre.Lo(j) >= 0;
                    dy[j] = (on ? 1 : negativeSlope) * v[j];
                }

                var dx = new double[6];
                net.Layers[2].Backward(new double[6], dy, dx);
                for (var i = 0; i < 6; i++)
                {
                    lo[i] = Math.Min(lo[i], dx[i]);
                    hi[i] = Math.Max(hi[i], dx[i]);
                }
            }

            for (var i = 0; i < 6; i++)
            {
                var slack = 1e-12 * (1 + Math.Abs(lo[i]) + Math.Abs(hi[i]));
                grads[2].Lo(i).Should().BeInRange(lo[i] - slack, lo[i] + slack, $"trial {trial}: the lower bound of coordinate {i} is the exact minimum");
                grads[2].Hi(i).Should().BeInRange(hi[i] - slack, hi[i] + slack, $"trial {trial}: the upper bound of coordinate {i} is the exact maximum");
            }
        }

        unstableSeen.Should().BeGreaterThan(10, "the gates that vary are what the range is taken over");
    }

    [Fact]
    public void Compute_IsStrictlyTighterThanInterval_OnDeepNetworks()
    {
        var rng = new Random(23);
        var tighter = 0;
        for (var trial = 0; trial < 10; trial++)
        {
            var net = RandomNetworks.Mlp(rng, 4, new[] { 10, 10, 10 }, 2);
            var box = RandomBox(rng, 4, 0.2);
            var acts = BoundPropagation.Forward(net, box, BoundsMethod.Crown);
            var c = Box.Point(new[] { 1.0, -1.0 });
            var interval = BoundPropagation.Backward(net, acts, c)[0];
            var linear = SignalBounds.Compute(net.Layers, acts, c)[0];
            if (Enumerable.Range(0, 4).Any(i => linear.Width(i) < interval.Width(i) * 0.99))
            {
                tighter++;
            }
        }

        tighter.Should().BeGreaterThan(5, "paths that share a gate cancel in the linear bounds but add up in magnitude in intervals");
    }

    [Fact]
    public void AbsoluteSumUpperBound_IsAtLeastTheExactMaximum_AndAtMostTheCoordinateBound()
    {
        var rng = new Random(24);
        var belowCoordinates = 0;
        for (var trial = 0; trial < 15; trial++)
        {
            var net = RandomNetworks.Mlp(rng, 3, new[] { 5, 5, 4 }, 2);
            var box = RandomBox(rng, 3, 0.4);
            var c = new[] { 0.5, -1.0 };
            var acts = BoundPropagation.Forward(net, box, BoundsMethod.Crown);
            var grads = SignalBounds.Compute(net.Layers, acts, Box.Point(c));
            var bound = SignalBounds.AbsoluteSumUpperBound(net.Layers, acts, grads);

            var exact = RegionOracle.RegionJacobians(net, box).Max(j => Norm.L1.Of(Gradient(j, c)));
            var coordinates = Enumerable.Range(0, 3).Sum(i => Math.Max(Math.Abs(grads[0].Lo(i)), Math.Abs(grads[0].Hi(i))));
            bound.Should().BeGreaterThanOrEqualTo(exact * (1 - 1e-12));
            bound.Should().BeLessThanOrEqualTo(BoundsRounding.Up(coordinates));
            if (bound < coordinates * 0.99)
            {
                belowCoordinates++;
            }
        }

        belowCoordinates.Should().BeGreaterThan(0, "the chords of |g_i| keep the coordinates' shared terms together");
    }

    /// <summary>
    /// The largest bound of s·g over the sign vectors s against the exact largest Σ|g_i| over
    /// every activation region (<see cref="RegionOracle"/>), for ReLU and leaky networks and
    /// boxes from wide to narrow; it must also come out below the chord bound of
    /// <see cref="SignalBounds.AbsoluteSumUpperBound"/> on some of them, or it would add nothing.
    /// </summary>
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.2)]
    public void SignVectorBounds_AreAtLeastTheExactMaximum_AndTighterThanTheChords(double negativeSlope)
    {
        var rng = new Random(25);
        var belowChords = 0;
        for (var trial = 0; trial < 15; trial++)
        {
            var inputs = 2 + (trial % 3);
            var net = RandomNetworks.Mlp(rng, inputs, new[] { 6, 5 }, 2, negativeSlope);
            var box = RandomBox(rng, inputs, 0.1 + (0.2 * (trial % 4)));
            var c = new[] { 1.0, -0.75 };
            var acts = BoundPropagation.Forward(net, box, BoundsMethod.Crown);
            var grads = SignalBounds.Compute(net.Layers, acts, Box.Point(c));
            var bound = SignVectorBounds.Compute(net.Layers, acts, grads)?.Upper;

            bound.Should().NotBeNull();
            var exact = RegionOracle.RegionJacobians(net, box).Max(j => Norm.L1.Of(Gradient(j, c)));
            var coordinates = Enumerable.Range(0, inputs).Sum(i => Math.Max(Math.Abs(grads[0].Lo(i)), Math.Abs(grads[0].Hi(i))));
            bound!.Value.Should().BeGreaterThanOrEqualTo(exact * (1 - 1e-12), $"trial {trial}: the bound holds at every region, so at the largest");
            bound.Value.Should().BeLessThanOrEqualTo(BoundsRounding.Up(coordinates));
            if (bound.Value < SignalBounds.AbsoluteSumUpperBound(net.Layers, acts, grads) * 0.99)
            {
                belowChords++;
            }
        }

        belowChords.Should().BeGreaterThan(0, "each sign vector's row takes the relaxation's plane on its own side");
    }

    /// <summary>
    /// A half of a box bounded with the whole box's sign-vector bounds: at least the exact
    /// largest Σ|g_i| over the half's regions, never above the whole box's bound nor above the
    /// half's own fresh bound, and equal to the fresh bound on some halves (the rows left out are those that cannot raise it).
    /// </summary>
    [Fact]
    public void SignVectorBounds_OfAHalf_FromTheEnclosingBounds_HoldAndNeverExceedEither()
    {
        var rng = new Random(26);
        var sameAsFresh = 0;
        for (var trial = 0; trial < 12; trial++)
        {
            var (net, box, c, whole) = WholeBoxCase(rng, trial);
            var i = trial % box.Dimension;
            var mid = 0.5 * (box.Lo(i) + box.Hi(i));
            var lowHi = box.Upper.ToArray();
            lowHi[i] = mid;
            var highLo = box.Lower.ToArray();
            highLo[i] = mid;
            foreach (var half in new[] { new Box(box.Lower.ToArray(), lowHi), new Box(highLo, box.Upper.ToArray()) })
            {
                var inherited = Bound(net, half, c, whole)!;
                var fresh = Bound(net, half, c, null)!;
                var exact = RegionOracle.RegionJacobians(net, half).Max(j => Norm.L1.Of(Gradient(j, c)));
                inherited.Upper.Should().BeGreaterThanOrEqualTo(exact * (1 - 1e-12), $"trial {trial}: the bound holds at every region of the half");
                inherited.Upper.Should().BeLessThanOrEqualTo(whole.Upper);
                inherited.Upper.Should().BeLessThanOrEqualTo(fresh.Upper);
                for (var k = 0; k < inherited.PerSign.Count; k++)
                {
                    inherited.PerSign[k].Should().BeLessThanOrEqualTo(whole.PerSign[k]);
                }

                sameAsFresh += inherited.Upper == fresh.Upper ? 1 : 0;
            }
        }

        sameAsFresh.Should().BeGreaterThan(0, "the rows left out cannot raise the largest bound, so it is often the fresh one");
    }

    /// <summary>
    /// A floor (a value the caller's bound reaches anyway) leaves out the rows that cannot exceed
    /// it: the bound stays at least the exact largest Σ|g_i| over the half's regions and at most
    /// the floor or the bound without it; a floor of 0 changes nothing, and one above every row's
    /// enclosing bound leaves every row out (the bound is then the largest enclosing one).
    /// </summary>
    [Fact]
    public void SignVectorBounds_WithAFloor_HoldAndStayAtMostTheFloorOrTheBound()
    {
        var rng = new Random(27);
        var skipped = 0;
        for (var trial = 0; trial < 12; trial++)
        {
            var (net, box, c, whole) = WholeBoxCase(rng, trial);
            var lowHi = box.Upper.ToArray();
            lowHi[0] = 0.5 * (box.Lo(0) + box.Hi(0));
            var half = new Box(box.Lower.ToArray(), lowHi);
            var exact = RegionOracle.RegionJacobians(net, half).Max(j => Norm.L1.Of(Gradient(j, c)));
            var plain = Bound(net, half, c, whole)!.Upper;
            Bound(net, half, c, whole, 0)!.Upper.Should().Be(plain, $"trial {trial}");
            foreach (var floor in new[] { 0.5 * exact, exact, plain, whole.Upper, 2 * whole.Upper })
            {
                var withFloor = Bound(net, half, c, whole, floor)!.Upper;
                withFloor.Should().BeGreaterThanOrEqualTo(exact * (1 - 1e-12), $"trial {trial}, floor {floor}: the bound holds at every region");
                withFloor.Should().BeLessThanOrEqualTo(Math.Max(plain, floor), $"trial {trial}, floor {floor}");
                skipped += withFloor > plain ? 1 : 0;
            }
        }

        skipped.Should().BeGreaterThan(0, "a high floor leaves rows out, and the bound reports their enclosing bound");
    }

    /// <summary>A random 2–4-input network and box, the margin c, and the whole box's sign-vector bounds.</summary>
    private static (NeuralNetwork Net, Box Box, double[] C, SignVectorBounds Whole) WholeBoxCase(Random rng, int trial)
    {
        var inputs = 2 + (trial % 3);
        var net = RandomNetworks.Mlp(rng, inputs, new[] { 6, 5 }, 2);
        var box = RandomBox(rng, inputs, 0.3 + (0.2 * (trial % 3)));
        var c = new[] { 1.0, -0.75 };
        return (net, box, c, Bound(net, box, c, null)!);
    }

    /// <summary>The sign-vector bounds of cᵀf over a box with CROWN's activation bounds, from an enclosing region's or none.</summary>
    internal static SignVectorBounds? Bound(NeuralNetwork net, Box box, double[] c, SignVectorBounds? enclosing, double floor = 0)
    {
        var acts = BoundPropagation.Forward(net, box, BoundsMethod.Crown);
        var grads = SignalBounds.Compute(net.Layers, acts, Box.Point(c));
        return SignVectorBounds.Compute(net.Layers, acts, grads, enclosing, floor);
    }

    [Fact]
    public void SignVectorBounds_AboveTheInputLimit_AreNotComputed()
    {
        var inputs = SignVectorBounds.InputLimit + 1;
        var net = RandomNetworks.Mlp(new Random(3), inputs, new[] { 4 }, 1);
        var box = RandomBox(new Random(4), inputs, 0.3);
        var acts = BoundPropagation.Forward(net, box, BoundsMethod.Crown);
        var grads = SignalBounds.Compute(net.Layers, acts, Box.Point(new[] { 1.0 }));
        SignVectorBounds.Compute(net.Layers, acts, grads).Should().BeNull();
    }

    /// <summary>
    /// One unstable gate δ·y, δ ∈ [α, 1], hand-derived: over y in [−2, 5] the product lies
    /// between min(αy, y) and max(αy, y), and the lines are their chords. ReLU: through (−2, 0)
    /// and (5, 5) above, δy ≤ (5/7)·y + 10/7; through (−2, −2) and (5, 0) below,
    /// δy ≥ (2/7)·y − 10/7. α = 0.1: through (−2, −0.2) and (5, 5), (5.2/7)·y + 9/7; through
    /// (−2, −2) and (5, 0.5), (2.5/7)·y − 9/7. Over y in [1, 5] (a signal of known sign) the
    /// lines are y and αy themselves. The neuron's own bounds only make it unstable.
    /// </summary>
    [Theory]
    [InlineData(0.0, -2.0, 5.0, 5.0 / 7, 10.0 / 7, 2.0 / 7, -10.0 / 7)]
    [InlineData(0.1, -2.0, 5.0, 5.2 / 7, 9.0 / 7, 2.5 / 7, -9.0 / 7)]
    [InlineData(0.0, 1.0, 5.0, 1.0, 0.0, 0.0, 0.0)]
    [InlineData(0.1, 1.0, 5.0, 1.0, 0.0, 0.1, 0.0)]
    [InlineData(0.0, -5.0, -1.0, 0.0, 0.0, 1.0, 0.0)]
    public void ReluBackSubstituteSignal_TakesTheChordsOfTheProduct(double alpha, double yl, double yu, double upperSlope, double upperBias, double lowerSlope, double lowerBias)
    {
        var relu = new ReluLayer(Shape.Vector(1), alpha);
        var set = LinearBoundSet.Identity(1, new[] { 0 });
        relu.BackSubstituteSignal(set, new Box(new[] { -1.0 }, new[] { 3.0 }), new Box(new[] { yl }, new[] { yu })).Should().BeTrue();
        set.Upper[0][0].Should().BeApproximately(upperSlope, 1e-15);
        set.Lower[0][0].Should().BeApproximately(lowerSlope, 1e-15);

        // The constants are rounded outward by their error bound: a few ulps at most here.
        set.UpperBias[0].Should().BeGreaterThanOrEqualTo(upperBias).And.BeLessThan(upperBias + 1e-14);
        set.LowerBias[0].Should().BeLessThanOrEqualTo(lowerBias).And.BeGreaterThan(lowerBias - 1e-14);
    }

    /// <summary>Each line holds at every (δ, y) of the gate, checked on a grid in exact arithmetic.</summary>
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    [InlineData(0.01)]
    public void ReluBackSubstituteSignal_LinesHoldOverTheWholeGate(double alpha)
    {
        var rng = new Random(11);
        for (var trial = 0; trial < 300; trial++)
        {
            var yl = -Math.Exp((rng.NextDouble() * 20) - 10);
            var yu = Math.Exp((rng.NextDouble() * 20) - 10);
            var relu = new ReluLayer(Shape.Vector(1), alpha);
            var set = LinearBoundSet.Identity(1, new[] { 0 });
            relu.BackSubstituteSignal(set, new Box(new[] { -1.0 }, new[] { 1.0 }), new Box(new[] { yl }, new[] { yu })).Should().BeTrue();
            foreach (var delta in new[] { alpha, 1.0 })
            {
                for (var k = 0; k <= 20; k++)
                {
                    var y = k == 20 ? (Rational)yu : (Rational)yl + (((Rational)yu - (Rational)yl) * (Rational)(k / 20.0));
                    var product = (Rational)delta * y;
                    ((Rational)set.Upper[0][0] * y + (Rational)set.UpperBias[0]).Should().BeGreaterThanOrEqualTo(product, $"trial {trial}, δ = {delta}, k = {k}");
                    ((Rational)set.Lower[0][0] * y + (Rational)set.LowerBias[0]).Should().BeLessThanOrEqualTo(product, $"trial {trial}, δ = {delta}, k = {k}");
                }
            }
        }
    }

    /// <summary>cᵀJ: the gradient of cᵀf for a region's Jacobian.</summary>
    internal static double[] Gradient(double[][] jacobian, double[] c) =>
        Enumerable.Range(0, jacobian[0].Length).Select(i => c.Select((w, r) => w * jacobian[r][i]).Sum()).ToArray();
}

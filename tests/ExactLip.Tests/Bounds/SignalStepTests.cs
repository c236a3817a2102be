using ExactLip.Bounds;
using ExactLip.Core;
using ExactLip.Network.Relaxation;
using FluentAssertions;
using Xunit;
using static ExactLip.Tests.Bounds.BoundPropagationTests;

namespace ExactLip.Tests.Bounds;

/// <summary>
/// The prepared signal steps: a step told which coefficients the next one reads leaves the
/// others uncomputed, and the bounds come out the same bits as with every coefficient computed;
/// and every sign vector's bound of <see cref="SignVectorBounds"/>, the ones lowered by the
/// steps between neighbouring sign vectors included, holds at every activation region.
/// </summary>
public class SignalStepTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    public void StepsThatLeaveOutWhatTheNextOneZeroes_GiveTheSameBitsAsEveryCoefficient(double negativeSlope)
    {
        var rng = new Random(31);
        var leftOut = 0;
        for (var trial = 0; trial < 20; trial++)
        {
            var inputs = 2 + (trial % 4);
            var net = RandomNetworks.Mlp(rng, inputs, new[] { 8, 7, 6 }, 2, negativeSlope);
            var box = RandomBox(rng, inputs, 0.2 + (0.3 * (trial % 3)));
            var acts = BoundPropagation.Forward(net, box, BoundsMethod.Crown);
            var grads = SignalBounds.Compute(net.Layers, acts, Box.Point(new[] { 1.0, -0.5 }));
            var layers = net.Layers;

            // Every step prepared alone, and prepared from the last with what its successor reads.
            var every = new SignalStep[layers.Count];
            var selective = new SignalStep[layers.Count];
            for (var k = layers.Count - 1; k >= 0; k--)
            {
                every[k] = layers[k].PrepareSignal(acts[k], grads[k + 1], null)!;
                var read = k + 1 < layers.Count ? selective[k + 1].CoefficientsRead : null;
                leftOut += read is not null && read.Count < layers[k].OutputSize ? 1 : 0;
                selective[k] = layers[k].PrepareSignal(acts[k], grads[k + 1], read)!;
            }

            var (lo, hi) = Evaluate(every, SignRows(inputs), grads[^1]);
            var (selectiveLo, selectiveHi) = Evaluate(selective, SignRows(inputs), grads[^1]);
            selectiveLo.Should().Equal(lo, $"trial {trial}");
            selectiveHi.Should().Equal(hi, $"trial {trial}");
        }

        if (negativeSlope == 0)
        {
            leftOut.Should().BeGreaterThan(0, "gates stably off leave coefficients out");
        }
        else
        {
            leftOut.Should().Be(0, "with α ≠ 0 every gate passes its coefficient on");
        }
    }

    /// <summary>
    /// Entry v of <see cref="SignVectorBounds.PerSign"/> bounds s_v·g (s_i = −1 where bit i of v
    /// is set) at every point: at least its largest value over the activation regions, for the
    /// whole box and for a half bounded from the whole box's entries.
    /// </summary>
    [Fact]
    public void EverySignVectorsBound_HoldsAtEveryRegion()
    {
        var rng = new Random(32);
        for (var trial = 0; trial < 12; trial++)
        {
            var inputs = 2 + (trial % 3);
            var net = RandomNetworks.Mlp(rng, inputs, new[] { 6, 5 }, 2);
            var box = RandomBox(rng, inputs, 0.3 + (0.2 * (trial % 3)));
            var c = new[] { 1.0, -0.75 };
            var whole = SignalBoundsTests.Bound(net, box, c, null)!;
            var lowHi = box.Upper.ToArray();
            lowHi[0] = 0.5 * (box.Lo(0) + box.Hi(0));
            var half = new Box(box.Lower.ToArray(), lowHi);
            foreach (var (region, bounds) in new[] { (box, whole), (half, SignalBoundsTests.Bound(net, half, c, whole)!) })
            {
                var gradients = RegionOracle.RegionJacobians(net, region).Select(j => SignalBoundsTests.Gradient(j, c)).ToArray();
                bounds.PerSign.Count.Should().Be(1 << inputs);
                for (var v = 0; v < bounds.PerSign.Count; v++)
                {
                    var exact = gradients.Max(g => Enumerable.Range(0, inputs).Sum(i => ((v >> i) & 1) == 1 ? -g[i] : g[i]));
                    ((double)bounds.PerSign[v]).Should().BeGreaterThanOrEqualTo(exact - (1e-12 * (1 + Math.Abs(exact))), $"trial {trial}, sign vector {v}");
                }
            }
        }
    }

    /// <summary>The 2^(n−1) rows s·g with s₀ = 1, upper and lower bound alike.</summary>
    private static LinearBoundSet SignRows(int n)
    {
        var rows = Enumerable.Range(0, 1 << (n - 1))
            .Select(r => Enumerable.Range(0, n).Select(i => i > 0 && ((r >> (i - 1)) & 1) == 1 ? -1.0 : 1.0).ToArray())
            .ToArray();
        return new LinearBoundSet(rows, new double[rows.Length], rows.Select(r => (double[])r.Clone()).ToArray(), new double[rows.Length]);
    }

    private static (double[] Lo, double[] Hi) Evaluate(SignalStep[] steps, LinearBoundSet set, Box weights)
    {
        foreach (var step in steps)
        {
            step.Apply(set);
        }

        return set.Concretize(weights);
    }
}

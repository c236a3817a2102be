using ExactLip.Bounds;
using ExactLip.BranchAndBound;
using ExactLip.Core;
using ExactLip.Network;
using ExactLip.Network.Layers;
using ExactLip.Tests.Bounds;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.BranchAndBound;

/// <summary>
/// Two bounds on one value that cross prove the set they bound empty (<see cref="Box.TryIntersect(Box)"/>):
/// the forward driver ends there for a part of the box (a sub-domain), keeps an interval for the
/// whole box, and a sub-domain's bounds report such a sub-domain as empty, never as a point. Each
/// sub-domain found empty is checked against points sampled in the box with its signs.
/// </summary>
public class CrossingBoundsTests
{
    private const int Samples = 4000;

    /// <summary>x ↦ relu(x) ↦ relu(x), one input, so every bound is known by hand.</summary>
    private static IReadOnlyList<Layer> Chain() => new PiecewiseLinearNetwork(new NeuralNetwork("chain", new Layer[]
    {
        AffineLayer.Dense(1, 1, new[] { 1.0 }, new[] { 0.0 }),
        new ReluLayer(Shape.Vector(1)),
        AffineLayer.Dense(1, 1, new[] { 1.0 }, new[] { 0.0 }),
    })).Layers;

    [Fact]
    public void Propagate_BoundsThatCross_EndOverAPart_AndKeepAnIntervalOverTheWholeBox()
    {
        var layers = Chain();

        // x in [0, 1], but an earlier bound says the first layer's output lies in [2, 3]: no x has both.
        var part = new Box[layers.Count + 1];
        part[0] = new Box(new[] { 0.0 }, new[] { 1.0 });
        part[1] = new Box(new[] { 2.0 }, new[] { 3.0 });
        BoundPropagation.Propagate(layers, part, 0, BoundsMethod.Crown, (_, box) => box).Should().BeFalse("crossing bounds prove the part empty");

        var whole = new Box[layers.Count + 1];
        whole[0] = new Box(new[] { 0.0 }, new[] { 1.0 });
        whole[1] = new Box(new[] { 2.0 }, new[] { 3.0 });
        BoundPropagation.Propagate(layers, whole, 0, BoundsMethod.Crown).Should().BeTrue();
        whole[1].Lo(0).Should().Be(0, "over the whole box a crossing keeps both intervals, never their midpoint");
        whole[1].Hi(0).Should().Be(3);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Compute_EmptySubDomain_IsNull_AndOnlyWhenNoSampledPointHasItsSigns(int seed)
    {
        var rng = new Random(seed);
        var network = RandomNetworks.Mlp(rng, 3, new[] { 6, 6, 5 }, 2);
        var net = new PiecewiseLinearNetwork(network);
        var box = BoundPropagationTests.RandomBox(rng, 3, 0.8);
        var quantity = new JacobianQuantity(LipschitzQuantity.Scalar(Norm.Linf, new[] { 1.0, -1.0 }), 2);
        var points = Enumerable.Range(0, Samples).Select(_ => box.Lower.ToArray().Select((lo, i) => lo + (rng.NextDouble() * box.Width(i))).ToArray()).ToArray();
        var patterns = points.Select(x => SignPatterns.Of(net, x)).ToArray();
        var root = DomainBounds.Compute(net, box, new sbyte[net.Neurons], linear: true, quantity, BranchingRule.LayerOrder)!;
        var empty = 0;
        var kept = 0;
        for (var trial = 0; trial < 60; trial++)
        {
            // The signs of a sampled point on a few free neurons, then one of them flipped: often empty.
            var signs = new sbyte[net.Neurons];
            var from = patterns[rng.Next(patterns.Length)];
            var chosen = root.Free.Where(_ => rng.NextDouble() < 0.5).ToArray();
            if (chosen.Length == 0)
            {
                continue;
            }

            foreach (var g in chosen)
            {
                signs[g] = from[g] == 0 ? (sbyte)1 : from[g];
            }

            var flip = chosen[rng.Next(chosen.Length)];
            signs[flip] = (sbyte)-signs[flip];
            var inside = patterns.Count(p => SignPatterns.Matches(p, signs));
            foreach (var (bounds, how) in new[]
            {
                (DomainBounds.Compute(net, box, signs, linear: true, quantity, BranchingRule.LayerOrder), "fresh"),
                (DomainBounds.Compute(net, box, signs, linear: true, quantity, BranchingRule.LayerOrder, root, new sbyte[net.Neurons], splitMultipliers: true), "from the root, with multipliers"),
            })
            {
                if (bounds is null)
                {
                    inside.Should().Be(0, $"trial {trial}, {how}: a sub-domain with a sampled point is not empty");
                    empty++;
                    continue;
                }

                kept++;
                foreach (var x in points.Where((_, p) => SignPatterns.Matches(patterns[p], signs)))
                {
                    var acts = net.Network.ForwardAll(x);
                    for (var j = 0; j < bounds.Activations.Length - 1; j++)
                    {
                        for (var i = 0; i < acts[j].Length; i++)
                        {
                            var slack = 1e-12 * (1 + Math.Abs(acts[j][i]));
                            acts[j][i].Should().BeInRange(bounds.Activations[j].Lo(i) - slack, bounds.Activations[j].Hi(i) + slack, $"trial {trial}, {how}, layer input {j}");
                        }
                    }
                }
            }
        }

        empty.Should().BeGreaterThan(5, "flipped signs leave sub-domains with no point");
        kept.Should().BeGreaterThan(5);
    }
}

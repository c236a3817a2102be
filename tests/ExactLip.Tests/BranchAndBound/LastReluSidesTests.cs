using ExactLip.BranchAndBound;
using ExactLip.Network;
using ExactLip.Network.Layers;
using ExactLip.Tests.Bounds;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.BranchAndBound;

/// <summary>
/// A neuron split bounds the last ReLU layer's inputs only to decide their signs: split
/// multipliers only on the sides that no known point of the sub-domain (its own, if given, and
/// the LPs' vertices) rules out. With a point or without, the neurons it decides are those the
/// LPs' optimal multipliers decide on both sides (<see cref="SplitConstraintBounds"/> without
/// points), every earlier bound is the same bits, the bounds left looser still hold at the
/// sub-domain's points, and the sides are in fact left out.
/// </summary>
public class LastReluSidesTests
{
    [Fact]
    public void BoundsWithAPointOfTheSubDomain_DecideTheSameNeurons_AndHoldAtItsPoints()
    {
        var rng = new Random(7);
        var looser = 0;
        var compared = 0;
        for (var trial = 0; trial < 40; trial++)
        {
            var inputs = 2 + (trial % 3);
            var network = RandomNetworks.Mlp(rng, inputs, new[] { 8, 7 }, 2);
            var net = new PiecewiseLinearNetwork(network);
            var box = BoundPropagationTests.RandomBox(rng, inputs, 0.5 + rng.NextDouble());
            var rootSigns = new sbyte[net.Neurons];
            var root = DomainBounds.Forward(net, box, rootSigns, linear: true, null, null, splitMultipliers: true)!;
            var points = Enumerable.Range(0, 400).Select(_ => BoundPropagationTests.SamplePoint(rng, box)).ToArray();

            // The parent fixes two first-layer neurons as a point has them, the child a third.
            var centre = points[0];
            var pattern = Pattern(network, centre);
            var firstLayer = Enumerable.Range(0, 8).Where(i => root[1].Lo(i) < 0 && root[1].Hi(i) > 0 && pattern[0][i] != 0).ToArray();
            if (firstLayer.Length < 3)
            {
                continue;
            }

            var parentSigns = (sbyte[])rootSigns.Clone();
            parentSigns[firstLayer[0]] = pattern[0][firstLayer[0]];
            parentSigns[firstLayer[1]] = pattern[0][firstLayer[1]];
            var childSigns = (sbyte[])parentSigns.Clone();
            childSigns[firstLayer[2]] = pattern[0][firstLayer[2]];
            var parent = DomainBounds.Forward(net, box, parentSigns, linear: true, root, rootSigns, splitMultipliers: true);
            if (parent is null)
            {
                continue;
            }

            var with = DomainBounds.Forward(net, box, childSigns, linear: true, parent, parentSigns, splitMultipliers: true, inside: centre);
            var without = DomainBounds.Forward(net, box, childSigns, linear: true, parent, parentSigns, splitMultipliers: true);
            with.Should().NotBeNull($"trial {trial}: the point is in the child");
            without.Should().NotBeNull($"trial {trial}");

            // acts[3] is the input of the last ReLU layer (dense, relu, dense, relu, dense).
            for (var k = 0; k < 3; k++)
            {
                with![k].Lower.ToArray().Should().Equal(without![k].Lower.ToArray(), $"trial {trial}, layer {k}");
                with[k].Upper.ToArray().Should().Equal(without[k].Upper.ToArray(), $"trial {trial}, layer {k}");
            }

            // The bounds with every side's multipliers, over the same earlier bounds.
            var undecided = Enumerable.Range(0, 7).Where(i => parent[3].Lo(i) < 0 && parent[3].Hi(i) > 0).ToArray();
            var tight = SplitConstraintBounds.For(net, box, childSigns)!.LinearBounds(net.Layers, with!, 2, undecided);
            for (var i = 0; i < 7; i++)
            {
                var t = Array.IndexOf(undecided, i);
                double lo = with![3].Lo(i), hi = with[3].Hi(i);
                double tightLo = t < 0 ? lo : Math.Max(lo, tight.Lo(t)), tightHi = t < 0 ? hi : Math.Min(hi, tight.Hi(t));
                (lo >= 0).Should().Be(tightLo >= 0, $"trial {trial}, neuron {i}: decided active alike");
                (hi <= 0).Should().Be(tightHi <= 0, $"trial {trial}, neuron {i}: decided inactive alike");
                (without![3].Lo(i) >= 0).Should().Be(tightLo >= 0, $"trial {trial}, neuron {i}: decided active alike without the point");
                (without[3].Hi(i) <= 0).Should().Be(tightHi <= 0, $"trial {trial}, neuron {i}: decided inactive alike without the point");
                looser += lo < tightLo || hi > tightHi ? 1 : 0;
                compared++;
            }

            // Every point with the child's fixed signs has its second-layer pre-activations inside.
            foreach (var x in points)
            {
                var p = Pattern(network, x);
                if (!Enumerable.Range(0, 8).All(i => childSigns[i] == 0 || p[0][i] == childSigns[i]))
                {
                    continue;
                }

                var z = PreActivations(network, x);
                for (var i = 0; i < 7; i++)
                {
                    z[i].Should().BeInRange(with![3].Lo(i) - 1e-9, with[3].Hi(i) + 1e-9, $"trial {trial}, neuron {i}");
                }
            }
        }

        compared.Should().BeGreaterThan(50, "most trials have a child with three split neurons");
        looser.Should().BeGreaterThan(0, "the point leaves some sides out");
    }

    /// <summary>Per ReLU layer, the sign of each pre-activation at x (0 exactly at 0).</summary>
    private static sbyte[][] Pattern(NeuralNetwork network, double[] x)
    {
        var result = new List<sbyte[]>();
        var value = x;
        foreach (var layer in network.Layers)
        {
            if (layer is ReluLayer)
            {
                result.Add(value.Select(v => (sbyte)Math.Sign(v)).ToArray());
            }

            var next = new double[layer.OutputSize];
            layer.Forward(value, next);
            value = next;
        }

        return result.ToArray();
    }

    /// <summary>The input of the second ReLU layer at x.</summary>
    private static double[] PreActivations(NeuralNetwork network, double[] x)
    {
        var value = x;
        for (var k = 0; k < 3; k++)
        {
            var next = new double[network.Layers[k].OutputSize];
            network.Layers[k].Forward(value, next);
            value = next;
        }

        return value;
    }
}

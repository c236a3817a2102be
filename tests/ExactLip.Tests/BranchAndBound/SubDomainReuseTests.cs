using ExactLip.BranchAndBound;
using ExactLip.Core;
using ExactLip.Network;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.BranchAndBound;

/// <summary>
/// A neuron split's bounds are computed from its parent's (<see cref="DomainBounds.Compute"/>
/// with a parent): the layers before the first new sign must be the parent's bit for bit (and,
/// below a freshly bounded parent, the fresh computation's), and every bound must hold at the sub-domain's points, checked on random networks, boxes
/// and chains of splits against points sampled in the box whose activation pattern has the
/// sub-domain's signs.
/// </summary>
public class SubDomainReuseTests
{
    private const int Samples = 4000;

    /// <param name="operatorNorm">
    /// ‖J‖∞→∞ of a 3-output network instead of a margin: each row of J is a direction, and a
    /// half keeps the parent's bounds of a direction that another's bound or the lower bound
    /// (here 0) already reaches.
    /// </param>
    [Theory]
    [InlineData(1, false, false)]
    [InlineData(2, true, false)]
    [InlineData(3, true, false)]
    [InlineData(4, false, false)]
    [InlineData(5, true, true)]
    [InlineData(6, true, true)]
    public void NeuronSplit_ReusedBounds_MatchFreshPrefixAndHoldAtSampledPoints(int seed, bool linear, bool operatorNorm)
    {
        var rng = new Random(seed);
        var outputs = operatorNorm ? 3 : 2;
        var network = RandomNetworks.Mlp(rng, 4, new[] { 10, 10, 10 }, outputs);
        var net = new PiecewiseLinearNetwork(network);
        var centre = Enumerable.Range(0, 4).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var box = new Box(centre.Select(v => v - 0.6).ToArray(), centre.Select(v => v + 0.6).ToArray());
        var c = new[] { 1.0, -1.0 };
        var quantity = operatorNorm
            ? new JacobianQuantity(LipschitzQuantity.Operator(Norm.Linf, Norm.Linf), outputs)
            : new JacobianQuantity(LipschitzQuantity.Scalar(Norm.Linf, c), outputs);
        var points = Enumerable.Range(0, Samples).Select(_ => box.Lower.ToArray().Select((lo, i) => lo + (rng.NextDouble() * box.Width(i))).ToArray()).ToArray();
        var checkedChildren = 0;
        for (var chain = 0; chain < 6; chain++)
        {
            var signs = new sbyte[net.Neurons];
            var parent = DomainBounds.Compute(net, box, signs, linear, quantity, BranchingRule.Influence)!;
            var parentIsFresh = true;
            while (parent.Free.Length > 0)
            {
                // A random free neuron, with the sign that a random sampled point gives it when
                // one of the parent's points is at hand (so the child is rarely empty).
                var neuron = parent.Free[rng.Next(parent.Free.Length)];
                var inside = points.Where(x => SignPatterns.Of(net, x) is var p && SignPatterns.Matches(p, signs)).ToArray();
                var child = (sbyte[])signs.Clone();
                child[neuron] = inside.Length > 0 ? SignPatterns.Of(net, inside[rng.Next(inside.Length)])[neuron] : (sbyte)1;
                if (child[neuron] == 0)
                {
                    child[neuron] = 1;
                }

                var reused = DomainBounds.Compute(net, box, child, linear, quantity, BranchingRule.Influence, parent, signs);
                var fresh = DomainBounds.Compute(net, box, child, linear, quantity, BranchingRule.Influence);
                var childPoints = points.Where(x => SignPatterns.Matches(SignPatterns.Of(net, x), child)).ToArray();
                if (reused is null)
                {
                    childPoints.Should().BeEmpty("a sub-domain with sampled points is not empty");
                    break;
                }

                checkedChildren++;
                fresh.Should().NotBeNull("the fresh bounds hold at the same points");
                var first = net.LayerOfNeuron[neuron];
                for (var j = 0; j <= first; j++)
                {
                    // From a freshly bounded parent (the root), the prefix is the fresh one; deeper,
                    // it is the parent's own (itself reused) up to the new sign's layer.
                    if (parentIsFresh)
                    {
                        Same(reused.Activations[j], fresh!.Activations[j]).Should().BeTrue($"layer input {j} comes before the new sign at layer {first}");
                    }
                    else if (j < first)
                    {
                        Same(reused.Activations[j], parent.Activations[j]).Should().BeTrue($"layer input {j} comes before the new sign at layer {first}");
                    }
                }

                for (var j = 0; j < reused.Activations.Length; j++)
                {
                    Within(reused.Activations[j], parent.Activations[j]).Should().BeTrue("the parent's bounds hold over the child");
                }

                foreach (var x in childPoints)
                {
                    var acts = net.Network.ForwardAll(x);
                    for (var j = 0; j < reused.Activations.Length - 1; j++)
                    {
                        Contains(reused.Activations[j], acts[j]).Should().BeTrue($"layer input {j} at a point of the sub-domain");
                    }

                    for (var d = 0; d < quantity.Directions.Count; d++)
                    {
                        Contains(reused.Gradients[d][0], net.Network.Gradient(x, quantity.Directions[d])).Should().BeTrue($"direction {d}'s input gradient at a point of the sub-domain");
                    }

                    quantity.ValueAt(net.Network, x).Value.Should().BeLessThanOrEqualTo(reused.Upper * (1 + 1e-12));
                }

                reused.Free.All(g => parent.Free.Contains(g)).Should().BeTrue("a neuron the parent decides stays decided");
                (signs, parent, parentIsFresh) = (child, reused, false);
            }
        }

        checkedChildren.Should().BeGreaterThan(5);
    }

    private static bool Same(Box a, Box b) =>
        a.Lower.SequenceEqual(b.Lower) && a.Upper.SequenceEqual(b.Upper);

    private static bool Within(Box inner, Box outer) =>
        Enumerable.Range(0, inner.Dimension).All(i => inner.Lo(i) >= outer.Lo(i) && inner.Hi(i) <= outer.Hi(i));

    /// <summary>The float64 point's values within the box, up to their own rounding (1e-12 relative).</summary>
    private static bool Contains(Box box, double[] v) =>
        Enumerable.Range(0, v.Length).All(i =>
            v[i] >= box.Lo(i) - (1e-12 * (1 + Math.Abs(v[i]))) && v[i] <= box.Hi(i) + (1e-12 * (1 + Math.Abs(v[i]))));
}

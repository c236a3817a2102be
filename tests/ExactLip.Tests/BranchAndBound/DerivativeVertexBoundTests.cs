using ExactLip.BranchAndBound;
using ExactLip.Core;
using ExactLip.Network;
using ExactLip.Tests.Bounds;
using ExactLip.Tests.Exact;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.BranchAndBound;

/// <summary>
/// The derivative-vertex bound of a sub-domain (<see cref="DerivativeVertexBound"/>, used by
/// <see cref="DomainBounds.Compute"/>) against exact rational references on random small
/// networks, along chains of neuron splits: it is at least the largest exact value over the
/// activation regions inside the sub-domain (the regions enumerated by the rational oracle), it
/// equals the largest exact value over the cube of the free neurons' derivatives up to rounding
/// (each vertex's Jacobian computed again in rationals), and the sub-domain's bound with it is
/// never above the bound without it.
/// </summary>
public class DerivativeVertexBoundTests
{
    /// <summary>
    /// The vertices are derivatives 0 and 1; a leaky neuron's off derivative is α, so on a leaky
    /// network the visit must not run (it would bound the wrong set of Jacobians).
    /// </summary>
    [Fact]
    public void LeakyNetwork_HasNoVertexBound()
    {
        var rng = new Random(5);
        var net = new PiecewiseLinearNetwork(RandomNetworks.Mlp(rng, 3, new[] { 6, 5 }, 1, negativeSlope: 0.3));
        var box = BoundPropagationTests.RandomBox(rng, 3, 0.5);
        var quantity = new JacobianQuantity(LipschitzQuantity.Scalar(Norm.Linf, new[] { 1.0 }), 1);
        var bounds = DomainBounds.Compute(net, box, new sbyte[net.Neurons], true, quantity, BranchingRule.LayerOrder, vertexBudget: 0)!;
        bounds.Free.Should().NotBeEmpty();
        DerivativeVertexBound.Compute(net, bounds.Activations, new[] { 1.0 }, Norm.L1, bounds.Free, DerivativeVertexBound.DefaultBudget).Should().BeNull();
    }

    [Theory]
    [InlineData(1, "scalar-linf", true)]
    [InlineData(2, "scalar-linf", false)]
    [InlineData(3, "scalar-l1", true)]
    [InlineData(4, "scalar-l2", true)]
    [InlineData(5, "linf-linf", true)]
    [InlineData(6, "l2-linf", false)]
    public void SubDomainBound_CoversRegionsAndEqualsVertexMaximum(int seed, string quantityName, bool linear)
    {
        var rng = new Random(seed);
        var checkedDomains = 0;
        var tighter = 0;
        for (var trial = 0; trial < 4; trial++)
        {
            var network = RandomNetworks.Mlp(rng, 3, new[] { 6, 5, 4 }, 2);
            var net = new PiecewiseLinearNetwork(network);
            var exact = ExactNetwork.From(net.Network);
            var box = BoundPropagationTests.RandomBox(rng, 3, 0.3 + (0.5 * rng.NextDouble()));
            var regions = ExactRegions.Enumerate(exact, ExactBox.From(box));
            var reference = ExactQuantity.Parse(quantityName, new[] { 1.0, -0.75 });
            var quantity = new JacobianQuantity(reference.ToEngine(), 2);
            var signs = new sbyte[net.Neurons];
            while (true)
            {
                var inside = regions.Where(r => Matches(r.Pattern, signs)).ToList();
                var bounds = DomainBounds.Compute(net, box, signs, linear, quantity, BranchingRule.Objective, vertexBudget: DerivativeVertexBound.DefaultBudget);
                var without = DomainBounds.Compute(net, box, signs, linear, quantity, BranchingRule.LayerOrder, vertexBudget: 0);
                if (bounds is null || inside.Count == 0)
                {
                    break;
                }

                var because = $"seed {seed}, trial {trial}, signs {string.Join(",", signs)}";
                var regionMax = reference.Over(inside);
                regionMax.AdmitsUpperBound(bounds.Upper).Should().BeTrue($"the bound holds over the sub-domain's regions ({because})");
                bounds.Upper.Should().BeLessThanOrEqualTo(without!.Upper, because);
                tighter += bounds.Upper < without.Upper ? 1 : 0;

                var vertexMax = VertexMaximum(net, exact, bounds, signs, reference, out var whenActive, out var whenInactive);
                vertexMax.AdmitsUpperBound(bounds.Upper).Should().BeTrue(because);
                foreach (var c in quantity.Directions)
                {
                    var vertex = DerivativeVertexBound.Compute(net, bounds.Activations, c, reference.InputNorm.Dual(), bounds.Free, DerivativeVertexBound.DefaultBudget);
                    vertex.Should().NotBeNull("a network this small is within the budget");
                }

                // Tight: the bound is the vertex maximum, not just above it.
                if (quantity.Directions.Count == 1)
                {
                    var vertex = DerivativeVertexBound.Compute(net, bounds.Activations, quantity.Directions[0], reference.InputNorm.Dual(), bounds.Free, DerivativeVertexBound.DefaultBudget)!;
                    vertex.Upper.Should().BeApproximately(vertexMax.Approximate, 1e-9 * (1 + vertexMax.Approximate), because);
                    for (var j = 0; j < bounds.Free.Length; j++)
                    {
                        whenActive[j].AdmitsUpperBound(vertex.WhenActive[j]).Should().BeTrue(because);
                        whenInactive[j].AdmitsUpperBound(vertex.WhenInactive[j]).Should().BeTrue(because);
                        vertex.WhenActive[j].Should().BeLessThanOrEqualTo(vertex.Upper, because);
                        vertex.WhenInactive[j].Should().BeLessThanOrEqualTo(vertex.Upper, because);
                    }
                }

                // With the run's lower bound as a floor, the bound is max(floor, vertex maximum).
                var floor = vertexMax.Approximate * (0.5 + rng.NextDouble());
                var floored = DomainBounds.Compute(net, box, signs, linear, quantity, BranchingRule.Objective, vertexBudget: DerivativeVertexBound.DefaultBudget, floor: floor)!;
                vertexMax.AdmitsUpperBound(floored.Upper).Should().BeTrue(because);
                floored.Upper.Should().BeGreaterThanOrEqualTo(Math.Min(floor, without.Upper), because);
                floored.Upper.Should().BeLessThanOrEqualTo(Math.Max(floor, bounds.Upper), because);

                checkedDomains++;
                if (bounds.Free.Length == 0)
                {
                    break;
                }

                // Split on a random free neuron, on the side of a region inside (never empty).
                var neuron = bounds.Free[rng.Next(bounds.Free.Length)];
                var region = inside[rng.Next(inside.Count)];
                signs = (sbyte[])signs.Clone();
                signs[neuron] = Flat(region.Pattern)[neuron] == '1' ? (sbyte)1 : (sbyte)-1;
            }
        }

        checkedDomains.Should().BeGreaterThan(8);
        tighter.Should().BeGreaterThan(0, "the vertex bound is below the backward pass's somewhere");
    }

    /// <summary>
    /// The largest exact value over every derivative vertex of the sub-domain (each free neuron
    /// on or off, the others as the signs and the bounds fix them), and the same restricted to
    /// the vertices where each free neuron is active, and inactive.
    /// </summary>
    private static ExactValue VertexMaximum(PiecewiseLinearNetwork net, ExactNetwork exact, DomainBounds bounds, sbyte[] signs, ExactQuantity quantity, out ExactValue[] whenActive, out ExactValue[] whenInactive)
    {
        var free = bounds.Free;
        var zero = quantity.At(ZeroJacobian(exact));
        ExactValue best = zero;
        whenActive = free.Select(_ => zero).ToArray();
        whenInactive = free.Select(_ => zero).ToArray();
        for (var mask = 0; mask < 1 << free.Length; mask++)
        {
            var on = new bool[net.Neurons];
            for (var g = 0; g < net.Neurons; g++)
            {
                var k = net.LayerOfNeuron[g];
                var pre = bounds.Activations[k];
                var i = g - net.Offsets[k];
                on[g] = signs[g] == 1 || (signs[g] == 0 && pre.Lo(i) >= 0 && pre.Hi(i) > 0);
            }

            for (var j = 0; j < free.Length; j++)
            {
                on[free[j]] = ((mask >> j) & 1) == 1;
            }

            var value = quantity.At(Jacobian(exact, on));
            best = ExactValue.Max(best, value);
            for (var j = 0; j < free.Length; j++)
            {
                if (on[free[j]])
                {
                    whenActive[j] = ExactValue.Max(whenActive[j], value);
                }
                else
                {
                    whenInactive[j] = ExactValue.Max(whenInactive[j], value);
                }
            }
        }

        return best;
    }

    /// <summary>The exact Jacobian of the network with every ReLU fixed to <paramref name="on"/> (global neuron order).</summary>
    private static Rational[][] Jacobian(ExactNetwork exact, bool[] on)
    {
        var form = exact.Identity();
        var offset = 0;
        foreach (var step in exact.Steps)
        {
            if (step.IsRelu)
            {
                form = form.Masked(on.Skip(offset).Take(step.Size).ToArray(), step.NegativeSlope);
                offset += step.Size;
            }
            else
            {
                form = form.Then(step);
            }
        }

        return form.Slopes;
    }

    private static Rational[][] ZeroJacobian(ExactNetwork exact) =>
        Enumerable.Range(0, exact.OutputSize).Select(_ => new Rational[exact.InputSize]).ToArray();

    private static string Flat(string pattern) => pattern.Replace("|", string.Empty, StringComparison.Ordinal);

    private static bool Matches(string pattern, sbyte[] signs)
    {
        var flat = Flat(pattern);
        return signs.Select((s, g) => s == 0 || (s == 1) == (flat[g] == '1')).All(m => m);
    }
}

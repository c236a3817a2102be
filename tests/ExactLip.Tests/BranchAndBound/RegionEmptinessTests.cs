using ExactLip.BranchAndBound;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Mip.Solving;
using ExactLip.Network;
using ExactLip.Network.Layers;
using ExactLip.Tests.Bounds;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.BranchAndBound;

/// <summary>
/// A sub-domain is dropped only when the dual bound proves it empty: hand-derived empty
/// sub-domains are proven empty, sub-domains with interior (by the region oracle's own LP, or by
/// a point) never are, and a back end that lies about the LP cannot make branch and bound drop one.
/// </summary>
public class RegionEmptinessTests
{
    private static (PiecewiseLinearNetwork Net, DomainBounds? Bounds) Setup(NeuralNetwork network, Box box, sbyte[] signs, bool linear)
    {
        var net = new PiecewiseLinearNetwork(network);
        var outputs = net.Network.OutputSize;
        var quantity = new JacobianQuantity(LipschitzQuantity.Scalar(Norm.Linf, Enumerable.Repeat(1.0, outputs).ToArray()), outputs);
        return (net, DomainBounds.Compute(net, box, signs, linear, quantity, BranchingRule.Influence));
    }

    /// <summary>
    /// |x| − 1.5 = relu(x) + relu(−x) − 1.5 ≤ −0.5 on [−1, 1], fed to one more ReLU: that neuron can
    /// never be active, but interval bounds ([0, 2] − 1.5) leave it possible, so only the LP decides.
    /// </summary>
    private static NeuralNetwork AbsoluteMinusOneAndAHalf() => new("abs", new Layer[]
    {
        AffineLayer.Dense(1, 2, new[] { 1.0, -1 }, new[] { 0.0, 0 }),
        new ReluLayer(Shape.Vector(2)),
        AffineLayer.Dense(2, 1, new[] { 1.0, 1 }, new[] { -1.5 }),
        new ReluLayer(Shape.Vector(1)),
        AffineLayer.Dense(1, 1, new[] { 1.0 }, new[] { 0.0 }),
    });

    [Theory]
    [MemberData(nameof(TestSolvers.CbcAndGlpk), MemberType = typeof(TestSolvers))]
    public void Solve_BothOppositeHingesActive_IsProvenEmpty(string solverName)
    {
        // x − ½ ≥ δ and −x − ½ ≥ δ add up to δ ≤ −½: no x activates both.
        var box = new Box(new[] { -1.0 }, new[] { 1.0 });
        var (net, bounds) = Setup(TestNetworks.OppositeHinges(), box, new sbyte[] { 1, 1 }, linear: true);
        bounds.Should().NotBeNull("the bounds alone do not see the contradiction");

        var (verdict, x) = RegionLp.Solve(net, bounds!, new sbyte[] { 1, 1 }, TestSolvers.Get(solverName), null, CancellationToken.None);

        verdict.Should().Be(RegionVerdict.Empty);
        x.Should().BeNull();
    }

    [Fact]
    public void DualBound_BothOppositeHingesActive_HandDerivedMultipliersGiveMinusOneHalf()
    {
        // The last layer's sign rows take the weights directly: x − δ ≥ ½ and −x − δ ≥ ½.
        // Multipliers −½, −½ cancel every reduced cost (δ: 1 − ½ − ½; x: ½ − ½) and leave
        // −½·½ − ½·½ = −½: no point of the sub-domain has a margin above −½.
        var box = new Box(new[] { -1.0 }, new[] { 1.0 });
        var signs = new sbyte[] { 1, 1 };
        var (net, bounds) = Setup(TestNetworks.OppositeHinges(), box, signs, linear: true);
        var region = RegionLp.Build(net, bounds!, signs);
        region.Model.Rows.Should().HaveCount(2);
        region.Model.Variables.Should().HaveCount(2, "δ and x: no pre-activation variables, no triangles");
        var duals = new[] { -0.5, -0.5 };

        var (checkLower, checkUpper) = region.Domain!.Value;
        LagrangianBound.UpperBound(region.Model, duals, checkLower, checkUpper).Should().BeInRange(-0.5, -0.5 + 1e-12);
        region.ProvenEmpty(duals).Should().BeTrue();
        region.ProvenEmpty(duals.Select(y => -y).ToArray()).Should().BeFalse("multipliers of the wrong sign prove nothing");
        region.ProvenEmpty(null).Should().BeFalse("without duals nothing is proven");
    }

    [Theory]
    [MemberData(nameof(TestSolvers.CbcAndGlpk), MemberType = typeof(TestSolvers))]
    public void Solve_EmptinessSeenOnlyThroughTheTriangles_IsProvenEmpty(string solverName)
    {
        // The triangles give relu(x) ≤ (x + 1)/2 and relu(−x) ≤ (1 − x)/2, so the second layer's
        // pre-activation is at most 1 − 1.5 = −½ in the relaxation as well: the LP optimum is −½.
        var box = new Box(new[] { -1.0 }, new[] { 1.0 });
        var signs = new sbyte[] { 0, 0, 1 };
        var (net, bounds) = Setup(AbsoluteMinusOneAndAHalf(), box, signs, linear: false);
        bounds.Should().NotBeNull("interval bounds leave the neuron possible");
        bounds!.Free.Should().BeEquivalentTo(new[] { 0, 1 });

        var (verdict, _) = RegionLp.Solve(net, bounds, signs, TestSolvers.Get(solverName), null, CancellationToken.None);

        verdict.Should().Be(RegionVerdict.Empty);
    }

    /// <summary>
    /// a = x − ½ and b = −x − ½, both fixed active (no x has both: a + b = −1), then
    /// c = relu(a) + relu(b) − 0.3, free, then d = relu(c), fixed active. Over the sub-domain c lies
    /// in [−0.3, 0.7] (interval bounds after the signs), but the LP's points have a + b = −1, so
    /// c = −1.3: below the triangle's l, which alone would make the LP infeasible.
    /// </summary>
    private static NeuralNetwork HingesThenTriangle() => new("hinges-triangle", new Layer[]
    {
        AffineLayer.Dense(1, 2, new[] { 1.0, -1 }, new[] { -0.5, -0.5 }),
        new ReluLayer(Shape.Vector(2)),
        AffineLayer.Dense(2, 1, new[] { 1.0, 1 }, new[] { -0.3 }),
        new ReluLayer(Shape.Vector(1)),
        AffineLayer.Dense(1, 1, new[] { 1.0 }, new[] { 0.0 }),
        new ReluLayer(Shape.Vector(1)),
        AffineLayer.Dense(1, 1, new[] { 1.0 }, new[] { 0.0 }),
    });

    [Theory]
    [MemberData(nameof(TestSolvers.CbcAndGlpk), MemberType = typeof(TestSolvers))]
    public void Solve_EarlierSignsPushATriangleOutOfItsBounds_TheLpStaysFeasibleAndIsProvenEmpty(string solverName)
    {
        var box = new Box(new[] { -1.0 }, new[] { 1.0 });
        var signs = new sbyte[] { 1, 1, 0, 1 };
        var (net, bounds) = Setup(HingesThenTriangle(), box, signs, linear: false);
        bounds.Should().NotBeNull();
        bounds!.Free.Should().Equal(2);
        var solver = TestSolvers.Get(solverName);

        // The triangle's top row h ≤ 0.7·(c + 0.3) + t at c = −1.3 needs t ≥ 0.7 for h ≥ 0, and the
        // signs of a and b allow δ ≤ −½: the optimum is −½ − 0.7·penalty, not "infeasible".
        var outcome = solver.Solve(RegionLp.Build(net, bounds, signs).Model, SolveOptions.Default, null, CancellationToken.None);
        outcome.Status.Should().Be(SolveStatus.Optimal);
        outcome.Primal!.Value.Should().BeApproximately(-0.5 - (0.7 * RegionLp.ElasticPenalty), 1e-9 * RegionLp.ElasticPenalty);

        RegionLp.Solve(net, bounds, signs, solver, null, CancellationToken.None).Verdict.Should().Be(RegionVerdict.Empty);
    }

    [Theory]
    [MemberData(nameof(TestSolvers.CbcAndGlpk), MemberType = typeof(TestSolvers))]
    public void Solve_RandomPatterns_AgreeWithTheRegionOracle(string solverName)
    {
        var solver = TestSolvers.Get(solverName);
        var rng = new Random(11);
        int empty = 0, interior = 0;
        for (var trial = 0; trial < 40; trial++)
        {
            var network = RandomNetworks.Mlp(rng, 2, trial % 2 == 0 ? new[] { 4 } : new[] { 3, 3 }, 1);
            var box = BoundPropagationTests.RandomBox(rng, 2, 0.3 + rng.NextDouble());
            var probe = new PiecewiseLinearNetwork(network);
            var signs = Enumerable.Range(0, probe.Neurons).Select(_ => (sbyte)(rng.Next(2) == 0 ? 1 : -1)).ToArray();
            var oracle = RegionOracle.HasInterior(box, PatternRegion.Constraints(probe.Network, (k, i) => signs[probe.Offsets[k] + i] == 1));
            var (net, bounds) = Setup(network, box, signs, linear: trial % 3 != 0);
            if (bounds is null)
            {
                oracle.Should().BeFalse($"trial {trial}: the bounds called a pattern with interior contradictory");
                continue;
            }

            var (verdict, x) = RegionLp.Solve(net, bounds, signs, solver, null, CancellationToken.None);

            verdict.Should().Be(oracle ? RegionVerdict.Interior : RegionVerdict.Empty, $"trial {trial}");
            if (verdict == RegionVerdict.Interior)
            {
                box.Contains(x!).Should().BeTrue();
                interior++;
            }
            else
            {
                empty++;
            }
        }

        empty.Should().BeGreaterThan(3, "the test must meet empty patterns");
        interior.Should().BeGreaterThan(3, "the test must meet patterns with interior");
    }

    [Theory]
    [MemberData(nameof(TestSolvers.CbcAndGlpk), MemberType = typeof(TestSolvers))]
    public void Solve_SignsOfARealPoint_AreNeverEmpty(string solverName)
    {
        // Every neuron whose pre-activation at a random point is clear of 0 gets that sign (the rest
        // stay free): the point is inside the sub-domain, so it has interior.
        var solver = TestSolvers.Get(solverName);
        var rng = new Random(12);
        for (var trial = 0; trial < 30; trial++)
        {
            var network = RandomNetworks.Mlp(rng, 2 + (trial % 2), new[] { 4, 3 }, 2);
            var box = BoundPropagationTests.RandomBox(rng, network.InputSize, 0.3 + rng.NextDouble());
            var probe = new PiecewiseLinearNetwork(network);
            var point = BoundPropagationTests.SamplePoint(rng, box);
            var acts = probe.Network.ForwardAll(point);
            var signs = new sbyte[probe.Neurons];
            for (var k = 0; k < probe.Layers.Count; k++)
            {
                if (probe.Layers[k] is not ReluLayer)
                {
                    continue;
                }

                for (var i = 0; i < acts[k].Length; i++)
                {
                    if (Math.Abs(acts[k][i]) > 1e-3 && rng.Next(4) != 0)
                    {
                        signs[probe.Offsets[k] + i] = (sbyte)Math.Sign(acts[k][i]);
                    }
                }
            }

            var (net, bounds) = Setup(network, box, signs, linear: trial % 2 == 0);
            bounds.Should().NotBeNull($"trial {trial}: the bounds hold at the point");
            if (!signs.Any(s => s != 0))
            {
                continue;
            }

            var (verdict, _) = RegionLp.Solve(net, bounds!, signs, solver, null, CancellationToken.None);
            verdict.Should().Be(RegionVerdict.Interior, $"trial {trial}");
        }
    }
}

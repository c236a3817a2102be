using ExactLip.Bounds;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Encoding;
using ExactLip.Mip.Solving;
using ExactLip.Network;
using ExactLip.Network.Layers;
using ExactLip.Tests.Bounds;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Certify;

/// <summary>
/// The MIP path excludes a pattern only when the dual bound proves it has no interior: a
/// hand-derived empty pattern is proven empty, patterns of random networks agree with the region
/// oracle's own LP, and the region LP's multipliers are checked against hand-derived ones.
/// </summary>
public class RegionVerificationTests
{
    /// <summary>A network's MIP over the box and an assignment whose ReLU binaries follow <paramref name="on"/>.</summary>
    private static (LipschitzMip Mip, double[] Solution) WithPattern(NeuralNetwork net, Box box, Func<int, int, bool> on)
    {
        var bounds = BoundPropagation.Compute(net, box, Box.Point(Enumerable.Repeat(1.0, net.OutputSize).ToArray()), BoundsMethod.Interval);
        var mip = LipMipEncoder.Encode(bounds, OutputWeights.Vector(Enumerable.Repeat(1.0, net.OutputSize).ToArray()), Norm.Linf);
        var solution = new double[mip.Model.Variables.Count];
        for (var j = 0; j < solution.Length; j++)
        {
            var parts = mip.Model.Variables[j].Name.Split('/');
            if (parts is ["relu", var layer, var neuron, "a"])
            {
                solution[j] = on(int.Parse(layer, System.Globalization.CultureInfo.InvariantCulture), int.Parse(neuron, System.Globalization.CultureInfo.InvariantCulture)) ? 1 : 0;
            }
        }

        return (mip, solution);
    }

    [Fact]
    public void ProvenEmpty_OddNetworkBothActive_HandDerivedMultipliersProveIt()
    {
        // Rows: z₁ − x = 0, z₂ + x = 0, z₁ − δ ≥ 0, z₂ − δ ≥ 0, and the output row. Multipliers ½, ½
        // on the first two, −½, −½ on the signs and 0 on the output cancel every reduced cost
        // (δ: 1 − ½ − ½; x: ½ − ½; zᵢ: ½ − ½) and leave 0: no point has a margin above 0.
        var (mip, solution) = WithPattern(TestNetworks.OddIdentity(), new Box(new[] { -1.0 }, new[] { 1.0 }), (_, _) => true);
        var region = RegionCheck.Build(mip, solution).Model!;
        var rows = region.Model.Rows;
        rows.Select(r => r.Name.Split('/')[^1]).Should().Equal("fwd", "fwd", "on", "on", "fwd");
        var duals = new[] { 0.5, 0.5, -0.5, -0.5, 0 };

        region.CheckBox().Should().NotBeNull("the rows alone, one at a time, do not see the contradiction");
        region.ProvenEmpty(duals).Should().BeTrue();
        region.ProvenEmpty(duals.Select(y => -y).ToArray()).Should().BeFalse("multipliers of the wrong sign prove nothing");
        region.ProvenEmpty(new[] { 0.5, 0.5, -0.5, -0.4, 0 }).Should().BeFalse("multipliers that leave a reduced cost prove nothing");
        region.ProvenEmpty(null).Should().BeFalse("without duals nothing is proven");
    }

    [Theory]
    [MemberData(nameof(TestSolvers.CbcAndGlpk), MemberType = typeof(TestSolvers))]
    public void InteriorPoint_OddNetworkBothActive_TheLpIsFeasibleAndItsDualsProveNoInterior(string solverName)
    {
        var (mip, solution) = WithPattern(TestNetworks.OddIdentity(), new Box(new[] { -1.0 }, new[] { 1.0 }), (_, _) => true);
        var region = RegionCheck.Build(mip, solution).Model!;
        var outcome = TestSolvers.Get(solverName).Solve(region.Model, SolveOptions.Default, null, CancellationToken.None);

        outcome.Status.Should().Be(SolveStatus.Optimal, "δ is free below, so the LP is feasible");
        outcome.Primal!.Value.Should().BeApproximately(0, 1e-9);
        outcome.RowDuals.Should().NotBeNull();
        region.ProvenEmpty(outcome.RowDuals).Should().BeTrue();
    }

    [Theory]
    [MemberData(nameof(TestSolvers.CbcAndGlpk), MemberType = typeof(TestSolvers))]
    public void InteriorPoint_RandomPatterns_AgreeWithTheRegionOracle(string solverName)
    {
        // Each pattern is a random point's pattern with some unstable neurons flipped: the point's
        // own pattern has interior, flipped ones may not. The oracle decides with its own LP.
        var solver = TestSolvers.Get(solverName);
        var rng = new Random(31);
        int empty = 0, interior = 0;
        for (var trial = 0; trial < 40; trial++)
        {
            var net = RandomNetworks.Mlp(rng, 2, trial % 2 == 0 ? new[] { 5 } : new[] { 4, 3 }, 2);
            var box = BoundPropagationTests.RandomBox(rng, 2, 0.3 + rng.NextDouble());
            var point = BoundPropagationTests.SamplePoint(rng, box);
            var acts = net.ForwardAll(point);
            var flip = trial % 4 == 0 ? 0 : 0.3;
            var flips = new Dictionary<(int, int), bool>();
            bool On(int layer, int neuron) => acts[layer][neuron] > 0 != flips.GetValueOrDefault((layer, neuron));
            var (mip, solution) = WithPattern(net, box, (layer, neuron) =>
            {
                flips[(layer, neuron)] = rng.NextDouble() < flip;
                return On(layer, neuron);
            });

            // Stable neurons have no binary: their sign is the point's (the bounds hold there).
            var oracle = RegionOracle.HasInterior(box, PatternRegion.Constraints(net, On));
            var answer = RegionCheck.Decide(mip, solution, solver, null, CancellationToken.None);
            answer.IsDecided.Should().BeTrue($"trial {trial}: {answer.Undecided}");
            var x = answer.Point;

            (x is not null).Should().Be(oracle, $"trial {trial}");
            if (x is null)
            {
                empty++;
                continue;
            }

            interior++;
            box.Contains(x).Should().BeTrue();
            var at = net.ForwardAll(x);
            for (var k = 0; k < net.Layers.Count; k++)
            {
                if (net.Layers[k] is ReluLayer)
                {
                    for (var i = 0; i < at[k].Length; i++)
                    {
                        (at[k][i] > 0).Should().Be(On(k, i), $"trial {trial}: the point is inside the pattern");
                    }
                }
            }
        }

        empty.Should().BeGreaterThan(3, "the test must meet empty patterns");
        interior.Should().BeGreaterThan(3, "the test must meet patterns with interior");
    }

    /// <summary>
    /// A random MLP whose output z = a·h + b feeds relu(z) − relu(−z), with b placing z = 0 at the
    /// box centre: "both active" doubles the slope but holds only on the hyperplane z = 0, so the
    /// MIP keeps finding such patterns, each behind a different pattern of the hidden layers, and
    /// each must be proven empty through the hidden layers' rows before it is excluded.
    /// </summary>
    private static NeuralNetwork OddHead(Random rng, Box box, int[] hidden)
    {
        var body = RandomNetworks.Mlp(rng, box.Dimension, hidden, 1);
        var z = body.Forward(box.Center())[0];
        var last = (AffineLayer)body.Layers[^1];
        var a = new double[2 * hidden[^1]];
        foreach (var (col, w) in last.Matrix.Row(0))
        {
            a[col] = w;
            a[hidden[^1] + col] = -w;
        }

        var bias = last.Bias[0] - z;
        var layers = body.Layers.Take(body.Layers.Count - 1).ToList();
        layers.Add(AffineLayer.Dense(hidden[^1], 2, a, new[] { bias, -bias }));
        layers.Add(new ReluLayer(Shape.Vector(2)));
        layers.Add(AffineLayer.Dense(2, 1, new[] { 1.0, -1 }, new[] { 0.0 }));
        return new NeuralNetwork("odd-head", layers);
    }

    [Theory]
    [MemberData(nameof(TestSolvers.CbcAndGlpk), MemberType = typeof(TestSolvers))]
    public void Certify_OddHeadOnRandomNetworks_VerifiesEveryExclusionAndEqualsTheOracle(string solverName)
    {
        var solver = TestSolvers.Get(solverName);
        var rng = new Random(17);
        var excluded = 0;
        for (var trial = 0; trial < 6; trial++)
        {
            var box = BoundPropagationTests.RandomBox(rng, 2, 0.3 + rng.NextDouble());
            var net = OddHead(rng, box, trial % 2 == 0 ? new[] { 5 } : new[] { 4, 4 });
            var reference = LipschitzReference.Scalar(RegionOracle.RegionJacobians(net, box), new[] { 1.0 }, Norm.Linf);
            var options = new CertifyOptions(Bounds: trial % 3 == 0 ? BoundsMethod.Interval : BoundsMethod.Crown, Samples: 0, LocalSteps: 0) { LinkCoincidentNeurons = false };
            var cert = new Certifier(solver, options).Run(net, box, LipschitzQuantity.Scalar(Norm.Linf, new[] { 1.0 }), null, CancellationToken.None);

            cert.Status.Should().Be(CertificateStatus.Exact, $"trial {trial}: bounds [{cert.Lower}, {cert.Upper}], notes: {string.Join(" ", cert.Notes)}");
            cert.Value!.Value.Should().BeApproximately(reference, 1e-6 * Math.Max(1, reference), $"trial {trial}");
            excluded += cert.Subproblems.Sum(p => p.ExcludedPatterns);
        }

        excluded.Should().BeGreaterThan(3, "the MIP must meet patterns without interior");
    }
}

using ExactLip.Bounds;
using ExactLip.BranchAndBound;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Network;
using ExactLip.Network.Layers;
using ExactLip.Tests.Bounds;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.BranchAndBound;

/// <summary>
/// The bounds with the split constraints' multipliers (<see cref="SplitConstraintBounds"/>)
/// against the exact ranges of every activation region of the sub-domain (each region's
/// pre-activations are affine, maximised over its polytope by the test's own simplex), with the
/// LP's multipliers and with arbitrary ones (a bound must hold whatever they are), never looser
/// than CROWN's with the same bounds below, reaching the LP's optimum on the first layer, and
/// branch and bound with and without them equal to region enumeration.
/// </summary>
public class SplitConstraintBoundsTests
{
    private const int Samples = 3000;

    public static TheoryData<string> Proposers => new() { "lp", "random", "huge", "negative", "not-a-number" };

    [Theory]
    [MemberData(nameof(Proposers))]
    public void LinearBounds_ContainEveryRegionsRange_WhateverTheMultipliers(string proposer)
    {
        var checkedRows = 0;
        for (var seed = 0; seed < 6; seed++)
        {
            var (net, box, signs) = SubDomain(seed);
            var acts = DomainBounds.Compute(net, box, signs, linear: true, Quantity(), BranchingRule.LayerOrder)!.Activations;
            var splits = SplitConstraintBounds.For(net, box, signs)!;
            var rng = new Random(seed);
            Func<double[], bool, double[]>? propose = proposer switch
            {
                "lp" => null,
                "random" => (_, _) => Enumerable.Range(0, 200).Select(_ => rng.NextDouble() * 10).ToArray(),
                "huge" => (_, _) => Enumerable.Range(0, 200).Select(_ => 1e6).ToArray(),
                "negative" => (_, _) => OneNegative(rng),
                _ => (_, _) => Enumerable.Range(0, 200).Select(i => i % 2 == 0 ? double.NaN : double.PositiveInfinity).ToArray(),
            };

            foreach (var k in new[] { 0, 2, 4 })
            {
                var rows = Enumerable.Range(0, net.Layers[k].OutputSize).ToArray();
                var bounds = splits.LinearBounds(net.Layers, acts, k, rows, propose);
                foreach (var (row, lo, hi) in RegionRanges(net, box, signs, k))
                {
                    var slack = 1e-9 * (1 + Math.Abs(lo) + Math.Abs(hi));
                    bounds.Lo(row).Should().BeLessThanOrEqualTo(lo + slack, $"seed {seed}, layer {k}, row {row}: the lower bound holds over every region");
                    bounds.Hi(row).Should().BeGreaterThanOrEqualTo(hi - slack, $"seed {seed}, layer {k}, row {row}: the upper bound holds over every region");
                    checkedRows++;
                }
            }
        }

        checkedRows.Should().BeGreaterThan(100);
    }

    [Fact]
    public void LinearBounds_NeverLooserThanCrownOverTheSameBounds_AndTighterSomewhere()
    {
        var tighter = 0;
        for (var seed = 0; seed < 6; seed++)
        {
            var (net, box, signs) = SubDomain(seed);
            var acts = DomainBounds.Compute(net, box, signs, linear: true, Quantity(), BranchingRule.LayerOrder)!.Activations;
            var splits = SplitConstraintBounds.For(net, box, signs)!;
            foreach (var k in new[] { 0, 2, 4 })
            {
                var rows = Enumerable.Range(0, net.Layers[k].OutputSize).ToArray();
                var with = splits.LinearBounds(net.Layers, acts, k, rows);
                var crown = BoundPropagation.LinearBounds(net.Layers, acts, k, rows);
                for (var i = 0; i < rows.Length; i++)
                {
                    with.Lo(i).Should().BeGreaterThanOrEqualTo(crown.Lo(i));
                    with.Hi(i).Should().BeLessThanOrEqualTo(crown.Hi(i));
                    tighter += with.Lo(i) > crown.Lo(i) + 1e-9 || with.Hi(i) < crown.Hi(i) - 1e-9 ? 1 : 0;
                }
            }
        }

        tighter.Should().BeGreaterThan(10, "the split constraints cut the box");
    }

    [Fact]
    public void FirstLayerBounds_ReachTheLpOverTheFirstLayersSplits()
    {
        for (var seed = 0; seed < 6; seed++)
        {
            var (net, box, signs) = SubDomain(seed);
            var first = (LinearLayer)net.Layers[0];
            var constraints = new List<(double[] A, double D)>();
            for (var i = 0; i < first.OutputSize; i++)
            {
                if (signs[net.Offsets[1] + i] is var s && s != 0)
                {
                    constraints.Add((Row(first, i).Select(v => s * v).ToArray(), s * first.Bias[i]));
                }
            }

            var acts = DomainBounds.Compute(net, box, signs, linear: true, Quantity(), BranchingRule.LayerOrder)!.Activations;
            var rows = Enumerable.Range(0, first.OutputSize).ToArray();
            var bounds = SplitConstraintBounds.For(net, box, signs)!.LinearBounds(net.Layers, acts, 0, rows);
            foreach (var i in rows)
            {
                var max = LpMax(box, Row(first, i), constraints)!.Value + first.Bias[i];
                var min = -LpMax(box, Row(first, i).Select(v => -v).ToArray(), constraints)!.Value + first.Bias[i];
                bounds.Hi(i).Should().BeApproximately(max, 1e-7 * (1 + Math.Abs(max)), $"seed {seed}, neuron {i}: the multipliers are the LP's");
                bounds.Lo(i).Should().BeApproximately(min, 1e-7 * (1 + Math.Abs(min)), $"seed {seed}, neuron {i}: the multipliers are the LP's");
            }
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Certify_WithAndWithoutSplitMultipliers_EqualsRegionEnumeration(bool multipliers)
    {
        var solver = TestSolvers.Get("glpk");
        var rng = new Random(multipliers ? 71 : 72);
        for (var trial = 0; trial < 8; trial++)
        {
            var inputs = 2 + (trial % 2);
            var net = RandomNetworks.Mlp(rng, inputs, trial % 2 == 0 ? new[] { 6, 5, 4 } : new[] { 7, 6 }, 2);
            var box = BoundPropagationTests.RandomBox(rng, inputs, 0.3 + rng.NextDouble());
            var c = new[] { 1.0, -0.5 };
            var reference = RegionOracle.RegionJacobians(net, box)
                .Max(j => Enumerable.Range(0, inputs).Sum(t => Math.Abs((c[0] * j[0][t]) + (c[1] * j[1][t]))));
            var options = new CertifyOptions(Samples: 4, LocalSteps: 4, Seed: trial);
            var search = new BranchAndBoundOptions(Workers: 1 + (trial % 2), InputSplitDimension: 0) { SplitMultipliers = multipliers };
            var cert = new BranchAndBoundCertifier(solver, options, search).Run(net, box, LipschitzQuantity.Scalar(Norm.Linf, c), null, CancellationToken.None);
            OracleAgreement.ShouldAgree(cert, reference, options.Tolerance, $"trial {trial}, multipliers {multipliers}");
        }
    }

    /// <summary>
    /// The bounds' bits on random sub-domains, with the LP's multipliers and with sparse random ones
    /// (cuts used and unused interleaved), against their FNV-1a digests recorded before the
    /// rows of used cuts were gathered by a plain loop: the same sums in the same order, bit for bit.
    /// </summary>
    [Fact]
    public void LinearBounds_BitsEqualThoseRecordedBeforeTheLoopRewrite()
    {
        var recorded = new Dictionary<(int Seed, string Proposer), string>
        {
            [(0, "lp")] = "7d56f2157777e4b5",
            [(0, "sparse")] = "4d6de60bc025eae0",
            [(1, "lp")] = "9f6a861a7a02df72",
            [(1, "sparse")] = "5a4a15b98eecda84",
            [(2, "lp")] = "64aa95184119b233",
            [(2, "sparse")] = "4566f2e92532e65f",
            [(3, "lp")] = "a196d85475a61444",
            [(3, "sparse")] = "77bbf639b3f7fa1f",
        };
        var actual = new List<string>();
        foreach (var (seed, proposer) in recorded.Keys)
        {
            var (net, box, signs) = SubDomain(seed);
            var acts = DomainBounds.Compute(net, box, signs, linear: true, Quantity(), BranchingRule.LayerOrder)!.Activations;
            var splits = SplitConstraintBounds.For(net, box, signs)!;
            var rng = new Random(seed);
            Func<double[], bool, double[]>? propose = proposer == "lp" ? null
                : (_, _) => Enumerable.Range(0, 200).Select(_ => rng.NextDouble() < 0.5 ? 0 : rng.NextDouble() * 3).ToArray();
            var hash = 14695981039346656037UL;
            foreach (var k in new[] { 0, 2, 4 })
            {
                var bounds = splits.LinearBounds(net.Layers, acts, k, Enumerable.Range(0, net.Layers[k].OutputSize).ToArray(), propose);
                for (var i = 0; i < bounds.Dimension; i++)
                {
                    foreach (var v in new[] { bounds.Lo(i), bounds.Hi(i) })
                    {
                        hash = (hash ^ (ulong)BitConverter.DoubleToInt64Bits(v)) * 1099511628211UL;
                    }
                }
            }

            actual.Add($"[({seed}, \"{proposer}\")] = \"{hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture)}\"");
        }

        actual.Should().Equal(recorded.Select(r => $"[({r.Key.Seed}, \"{r.Key.Proposer}\")] = \"{r.Value}\""));
    }

    /// <summary>
    /// One multiplier of the wrong sign among zeros: the bound it would give, were it taken, is
    /// below the true maximum in some rows (a mutation check: without the proof's β ≥ 0 the test fails).
    /// </summary>
    private static double[] OneNegative(Random rng)
    {
        var beta = new double[200];
        beta[rng.Next(6)] = -2 * rng.NextDouble();
        return beta;
    }

    private static JacobianQuantity Quantity() => new(LipschitzQuantity.Scalar(Norm.Linf, new[] { 1.0, -1.0 }), 2);

    /// <summary>
    /// A random network (3 inputs, three hidden layers) and box, with the signs a sampled point
    /// gives to a few neurons of each hidden layer (so the sub-domain has interior).
    /// </summary>
    private static (PiecewiseLinearNetwork Net, Box Box, sbyte[] Signs) SubDomain(int seed)
    {
        var rng = new Random(100 + seed);
        var net = new PiecewiseLinearNetwork(RandomNetworks.Mlp(rng, 3, new[] { 6, 6, 5 }, 2));
        var box = BoundPropagationTests.RandomBox(rng, 3, 0.8);
        var x = box.Lower.ToArray().Select((lo, i) => lo + (rng.NextDouble() * box.Width(i))).ToArray();
        var acts = net.Network.ForwardAll(x);
        var signs = new sbyte[net.Neurons];
        for (var k = 0; k < net.Layers.Count; k++)
        {
            if (net.Layers[k] is not ReluLayer)
            {
                continue;
            }

            for (var i = 0; i < acts[k].Length; i++)
            {
                if (rng.NextDouble() < (k == 1 ? 0.6 : 0.4))
                {
                    signs[net.Offsets[k] + i] = acts[k][i] > 0 ? (sbyte)1 : (sbyte)-1;
                }
            }
        }

        return (net, box, signs);
    }

    /// <summary>
    /// For each output of linear layer k, its smallest and largest value over the sub-domain:
    /// the extremes over every region (full activation pattern agreeing with the fixed signs,
    /// with interior in the box) of the output's affine form there, by LP over the region's closure.
    /// </summary>
    private static IEnumerable<(int Row, double Lo, double Hi)> RegionRanges(PiecewiseLinearNetwork net, Box box, sbyte[] signs, int k)
    {
        var n = box.Dimension;
        var lo = Enumerable.Repeat(double.PositiveInfinity, net.Layers[k].OutputSize).ToArray();
        var hi = Enumerable.Repeat(double.NegativeInfinity, net.Layers[k].OutputSize).ToArray();
        var identity = Enumerable.Range(0, n).Select(i => Enumerable.Range(0, n).Select(j => i == j ? 1.0 : 0).ToArray()).ToArray();
        Explore(0, identity, new double[n], new List<(double[] A, double D)>(), null, null);
        for (var i = 0; i < lo.Length; i++)
        {
            if (double.IsFinite(lo[i]))
            {
                yield return (i, lo[i], hi[i]);
            }
        }

        void Explore(int layer, double[][] a, double[] d, List<(double[] A, double D)> constraints, double[][]? ta, double[]? td)
        {
            if (layer == net.Layers.Count)
            {
                for (var i = 0; i < ta!.Length; i++)
                {
                    hi[i] = Math.Max(hi[i], LpMax(box, ta[i], constraints)!.Value + td![i]);
                    lo[i] = Math.Min(lo[i], -LpMax(box, ta[i].Select(v => -v).ToArray(), constraints)!.Value + td[i]);
                }

                return;
            }

            if (net.Layers[layer] is LinearLayer linear)
            {
                var (na, nd) = PatternRegion.Compose(linear, a, d);
                Explore(layer + 1, na, nd, constraints, layer == k ? na : ta, layer == k ? nd : td);
                return;
            }

            Branch(layer, a, d, 0, new bool[a.Length], constraints, ta, td);
        }

        void Branch(int layer, double[][] a, double[] d, int neuron, bool[] active, List<(double[] A, double D)> constraints, double[][]? ta, double[]? td)
        {
            if (neuron == a.Length)
            {
                Explore(layer + 1, a.Select((r, i) => active[i] ? r : new double[n]).ToArray(), d.Select((v, i) => active[i] ? v : 0).ToArray(), constraints, ta, td);
                return;
            }

            foreach (var on in new[] { true, false })
            {
                var sign = signs[net.Offsets[layer] + neuron];
                if (sign != 0 && sign == 1 != on)
                {
                    continue;
                }

                var s = on ? 1.0 : -1.0;
                constraints.Add((a[neuron].Select(v => s * v).ToArray(), s * d[neuron]));
                if (RegionOracle.HasInterior(box, constraints))
                {
                    active[neuron] = on;
                    Branch(layer, a, d, neuron + 1, active, constraints, ta, td);
                }

                constraints.RemoveAt(constraints.Count - 1);
            }
        }
    }

    /// <summary>max objective·x over x in the box with every row·x + D ≥ 0 (the test's own simplex, over y = x − lo).</summary>
    private static double? LpMax(Box box, double[] objective, List<(double[] A, double D)> constraints)
    {
        var n = box.Dimension;
        var rows = new List<double[]>();
        var rhs = new List<double>();
        for (var i = 0; i < n; i++)
        {
            rows.Add(Enumerable.Range(0, n).Select(j => i == j ? 1.0 : 0).ToArray());
            rhs.Add(box.Width(i));
        }

        foreach (var (a, d0) in constraints)
        {
            // a·(y + lo) + d ≥ 0  ⇔  −a·y ≤ a·lo + d
            rows.Add(a.Select(v => -v).ToArray());
            rhs.Add(d0 + a.Select((v, i) => v * box.Lo(i)).Sum());
        }

        var solved = DenseSimplex.Maximize(objective, rows.ToArray(), rhs.ToArray());
        return solved is { } s ? s.Value + objective.Select((v, i) => v * box.Lo(i)).Sum() : null;
    }

    private static double[] Row(LinearLayer layer, int i)
    {
        var row = new double[layer.InputSize];
        foreach (var (column, value) in layer.Matrix.Row(i))
        {
            row[column] = value;
        }

        return row;
    }
}

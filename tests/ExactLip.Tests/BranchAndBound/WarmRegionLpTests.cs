using ExactLip.BranchAndBound;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Mip;
using ExactLip.Mip.Solving;
using ExactLip.Network;
using ExactLip.Tests.Bounds;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.BranchAndBound;

/// <summary>
/// A worker's region LP is kept loaded and re-stated for each sub-domain (<see cref="IWarmLp"/>),
/// and is first the compact LP over the inputs (<see cref="CompactRegionLp"/>): along chains of
/// random splits (sub-domains with interior and empty ones), the kept LP must decide as a fresh
/// LP does, the compact LP as the LP with every pre-activation a variable does where both decide,
/// and every verdict must match the region oracle (does any completion of the signs have interior).
/// </summary>
public class WarmRegionLpTests
{
    [Theory]
    [InlineData(21, 0.0)]
    [InlineData(22, 0.0)]
    [InlineData(23, 0.0)]
    [InlineData(24, 0.3)]
    [InlineData(25, 0.5)]
    public void SplitChains_KeptLpDecidesAsAFreshOne_AndAsTheOracle(int seed, double negativeSlope)
    {
        var fresh = TestSolvers.Get("glpk");
        using var warm = ((IWarmLpFactory)fresh).OpenWarmLp();
        var rng = new Random(seed);
        int empty = 0, interior = 0, exact = 0, fullDecided = 0, compactMissed = 0;
        for (var trial = 0; trial < 6; trial++)
        {
            var network = RandomNetworks.Mlp(rng, 3, trial % 2 == 0 ? new[] { 5, 5 } : new[] { 4, 4, 4 }, 1, negativeSlope);
            var box = BoundPropagationTests.RandomBox(rng, 3, 0.5 + rng.NextDouble());
            var net = new PiecewiseLinearNetwork(network);
            var regions = PatternsWithInterior(net, box);
            var quantity = new JacobianQuantity(LipschitzQuantity.Scalar(Norm.Linf, new[] { 1.0 }), 1);
            // A leaky neuron off still passes its input on, so random splits meet empty sub-domains
            // sooner: more chains reach fully fixed patterns.
            for (var chain = 0; chain < (negativeSlope == 0 ? 4 : 16); chain++)
            {
                // Split as branch and bound does, a free neuron at a time, until none is left.
                var signs = new sbyte[net.Neurons];
                var free = DomainBounds.Compute(net, box, signs, linear: true, quantity, BranchingRule.LayerOrder)!.Free;
                for (var depth = 0; free.Length > 0; depth++)
                {
                    signs[free[rng.Next(free.Length)]] = (sbyte)(rng.Next(2) == 0 ? 1 : -1);
                    var because = $"seed {seed}, trial {trial}, chain {chain}, depth {depth}";
                    var oracle = regions.Any(p => Enumerable.Range(0, net.Neurons).All(g => signs[g] == 0 || signs[g] == p[g]));
                    var bounds = DomainBounds.Compute(net, box, signs, linear: depth % 2 == 0, quantity, BranchingRule.LayerOrder);
                    if (bounds is null)
                    {
                        oracle.Should().BeFalse(because);
                        break;
                    }

                    var byFresh = RegionLp.Solve(net, bounds, signs, fresh, null, CancellationToken.None);
                    var byWarm = RegionLp.Solve(net, bounds, signs, warm, null, CancellationToken.None);
                    if (bounds.Free.Length == 0)
                    {
                        byWarm.Verdict.Should().Be(byFresh.Verdict, because);
                    }
                    else
                    {
                        // With free neurons the relaxation's optimum may be several points, one
                        // inside the sub-domain and one not: one LP may find interior where the
                        // other leaves it undecided, but never may one say empty and the other interior.
                        new[] { byWarm.Verdict, byFresh.Verdict }.Should().NotContain(v => v == RegionVerdict.Empty && (byWarm.Verdict == RegionVerdict.Interior || byFresh.Verdict == RegionVerdict.Interior), because);
                    }

                    if (byWarm.IsDecided)
                    {
                        byWarm.Verdict.Should().Be(oracle ? RegionVerdict.Interior : RegionVerdict.Empty, because);
                    }
                    if (byFresh.IsDecided || bounds.Free.Length == 0)
                    {
                        // With every neuron fixed or stable the LP is exact, so it decides; with free
                        // neurons its point may lie outside the sub-domain, and then it may not.
                        byFresh.Verdict.Should().Be(oracle ? RegionVerdict.Interior : RegionVerdict.Empty, because);
                    }

                    if (byWarm.Verdict == RegionVerdict.Interior)
                    {
                        box.Contains(byWarm.Point!).Should().BeTrue(because);
                        RegionLp.ProvenInside(net, byWarm.Point!, signs).Should().BeTrue(because);
                    }

                    // A leaky network has only the full LP (the compact one takes off outputs as 0).
                    var (compactDecides, fullDecides) = net.HasNegativeSlope ? (true, true) : CompactAgreesWithTheFullLp(net, bounds, signs, fresh, warm, because);
                    fullDecided += fullDecides ? 1 : 0;
                    compactMissed += fullDecides && !compactDecides ? 1 : 0;
                    exact += bounds.Free.Length == 0 ? 1 : 0;
                    free = bounds.Free;
                    if (byFresh.Verdict == RegionVerdict.Empty)
                    {
                        empty++;
                        break;
                    }

                    interior += byFresh.Verdict == RegionVerdict.Interior ? 1 : 0;
                }
            }
        }

        empty.Should().BeGreaterThan(3, "the chains must meet empty sub-domains");
        exact.Should().BeGreaterThan(3, "the chains must meet sub-domains whose every neuron is fixed or stable");
        interior.Should().BeGreaterThan(3, "the chains must meet sub-domains with interior");
        compactMissed.Should().BeLessThanOrEqualTo(fullDecided / 20, "the compact LP decides nearly every sub-domain the full LP decides");
    }

    /// <summary>GLPK without its kept LP: every region LP loaded and solved from scratch.</summary>
    private sealed class FreshOnly(IMipSolver inner) : IMipSolver
    {
        public string Name => inner.Name;

        public string Version => inner.Version;

        public bool UsesStart => inner.UsesStart;

        public bool ReportsRowDuals => inner.ReportsRowDuals;

        public SolveOutcome Solve(MipModel model, SolveOptions options, IProgress<SolveProgress>? progress, CancellationToken cancellationToken) =>
            inner.Solve(model, options, progress, cancellationToken);
    }

    [Fact]
    public void Certify_KeptAndFreshRegionLps_BothEqualRegionEnumeration()
    {
        var glpk = TestSolvers.Get("glpk");
        glpk.Should().BeAssignableTo<IWarmLpFactory>("branch and bound keeps GLPK's region LP per worker");
        var rng = new Random(31);
        var c = new[] { 1.0, -0.5 };
        var dropped = 0;
        for (var trial = 0; trial < 12; trial++)
        {
            var network = RandomNetworks.Mlp(rng, 3, trial % 2 == 0 ? new[] { 6, 5 } : new[] { 4, 4, 4 }, 2);
            var box = BoundPropagationTests.RandomBox(rng, 3, 0.5 + rng.NextDouble());
            var reference = LipschitzReference.Scalar(RegionOracle.RegionJacobians(network, box), c, Norm.Linf);
            var quantity = LipschitzQuantity.Scalar(Norm.Linf, c);
            var options = new CertifyOptions(Samples: 0, LocalSteps: 0, Seed: trial);
            // The region LP's emptiness proof is under test: the split constraints' multipliers
            // would recognise most empty halves before their LP (SplitConstraintBoundsTests).
            var search = new BranchAndBoundOptions(Workers: 1 + (trial % 2), InputSplitDimension: 0) { SplitMultipliers = false };
            foreach (var solver in new[] { glpk, new FreshOnly(glpk) })
            {
                var cert = new BranchAndBoundCertifier(solver, options, search).Run(network, box, quantity, null, CancellationToken.None);
                var because = $"trial {trial}, {(solver is FreshOnly ? "fresh" : "kept")} LPs";
                OracleAgreement.ShouldAgree(cert, reference, options.Tolerance, because);
                cert.Status.Should().Be(CertificateStatus.Exact, because);
                dropped += cert.Subproblems.Single().ExcludedPatterns;
            }
        }

        dropped.Should().BeGreaterThan(5, "the searches must drop empty sub-domains");
    }

    /// <summary>
    /// The compact LP, solved fresh and kept, against the LP with every pre-activation a variable:
    /// the same optimum (up to the loosening and the solvers' tolerances), the same emptiness proof,
    /// and a decided verdict equal to the full LP's. Returns which of the two decided.
    /// </summary>
    private static (bool Compact, bool Full) CompactAgreesWithTheFullLp(PiecewiseLinearNetwork net, DomainBounds bounds, sbyte[] signs, IMipSolver fresh, IWarmLp warm, string because)
    {
        var compact = CompactRegionLp.Build(net, bounds, signs, RegionLp.LastFixedLayer(net, signs));
        var full = RegionLp.Build(net, bounds, signs);
        var byFresh = fresh.Solve(compact.Model, SolveOptions.Default, null, CancellationToken.None);
        var byWarm = warm.Solve(compact.Model, SolveOptions.Default, null, CancellationToken.None);
        var byFull = fresh.Solve(full.Model, SolveOptions.Default, null, CancellationToken.None);
        byFresh.Status.Should().Be(SolveStatus.Optimal, because);
        byWarm.Status.Should().Be(SolveStatus.Optimal, because);
        byFull.Status.Should().Be(SolveStatus.Optimal, because);
        var scale = 1e-6 * (1 + Math.Abs(byFull.Primal!.Value));
        byWarm.Primal!.Value.Should().BeApproximately(byFresh.Primal!.Value, scale, because);
        byFresh.Primal!.Value.Should().BeApproximately(byFull.Primal!.Value, scale, because);
        if (Math.Abs(byFull.Primal!.Value) > 1e-6)
        {
            // Away from a measure-zero region either set of multipliers proves emptiness, or neither.
            compact.ProvenEmpty(byWarm.RowDuals).Should().Be(compact.ProvenEmpty(byFresh.RowDuals), because);
            compact.ProvenEmpty(byFresh.RowDuals).Should().Be(full.ProvenEmpty(byFull.RowDuals), because);
        }

        var inside = (double[] x) => RegionLp.ProvenInside(net, x, signs);
        var compactAnswer = compact.Decide(warm, null, bounds.Activations[0], inside, CancellationToken.None);
        var fullAnswer = full.Decide(fresh, null, bounds.Activations[0], inside, CancellationToken.None);
        if (compactAnswer.IsDecided && fullAnswer.IsDecided)
        {
            compactAnswer.Verdict.Should().Be(fullAnswer.Verdict, because);
        }

        return (compactAnswer.IsDecided, fullAnswer.IsDecided);
    }

    /// <summary>
    /// Every full activation pattern with interior in the box, by the oracle's LP: depth first over
    /// the neurons in layer order, a prefix kept only while its rows (which depend on earlier
    /// neurons only) have interior.
    /// </summary>
    private static List<sbyte[]> PatternsWithInterior(PiecewiseLinearNetwork net, Box box)
    {
        var found = new List<sbyte[]>();
        var pattern = new sbyte[net.Neurons];
        void Explore(int g)
        {
            if (g == net.Neurons)
            {
                found.Add((sbyte[])pattern.Clone());
                return;
            }

            foreach (var sign in new sbyte[] { 1, -1 })
            {
                pattern[g] = sign;
                var rows = PatternRegion.Constraints(net.Network, (k, i) => pattern[net.Offsets[k] + i] == 1).Take(g + 1).ToList();
                if (RegionOracle.HasInterior(box, rows))
                {
                    Explore(g + 1);
                }
            }
        }

        Explore(0);
        return found;
    }
}

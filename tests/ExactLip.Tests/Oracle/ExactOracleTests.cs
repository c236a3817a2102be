using System.Numerics;
using ExactLip.Tests.Bounds;
using ExactLip.Tests.Exact;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Oracle;

/// <summary>
/// The rational oracle itself: exact arithmetic, the simplex on programs with known optima
/// (degenerate ones included), the corpus values derived on paper, and agreement with the
/// float64 region oracle on random networks in general position.
/// </summary>
public class ExactOracleTests
{
    [Fact]
    public void Rational_FromDouble_IsTheDoubleExactly()
    {
        Rational.FromDouble(0.1).Should().Be(Rational.Of(3602879701896397, BigInteger.One << 55));
        Rational.FromDouble(-3.5).Should().Be(Rational.Of(-7, 2));
        Rational.FromDouble(1e6).Should().Be(Rational.Of(1000000));
        Rational.FromDouble(double.Epsilon).Should().Be(Rational.Of(BigInteger.One, BigInteger.One << 1074));
        Rational.FromDouble(-0.0).Should().Be(Rational.Zero);
        (Rational.FromDouble(0.1) + Rational.FromDouble(0.2)).Should().NotBe(Rational.FromDouble(0.3), "0.1 + 0.2 ≠ 0.3 in doubles, and exact sums show it");
    }

    [Fact]
    public void Rational_ToDouble_RoundTripsRandomDoubles()
    {
        const int seed = 41;
        var rng = new Random(seed);
        for (var k = 0; k < 200; k++)
        {
            var x = (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-12, 13));
            Rational.FromDouble(x).ToDouble().Should().Be(x, $"seed {seed}, case {k}");
        }
    }

    [Fact]
    public void Simplex_SolvesSmallProgramsExactly()
    {
        // max x + y, x + 2y ≤ 4, 3x + y ≤ 6: vertex (8/5, 6/5), value 14/5.
        Solve(new[] { 1L, 1 }, new[] { new[] { 1L, 2 }, new[] { 3L, 1 } }, new[] { 4L, 6 }).Should().Be((LpOutcome.Optimal, Rational.Of(14, 5)));

        // A first phase: x + y ≥ 2, x ≤ 3, y ≤ 1, max −x → x = 1.
        Solve(new[] { -1L, 0 }, new[] { new[] { -1L, -1 }, new[] { 1L, 0 }, new[] { 0L, 1 } }, new[] { -2L, 3, 1 }).Should().Be((LpOutcome.Optimal, -Rational.One));

        Solve(new[] { 1L }, new[] { new[] { 1L } }, new[] { -1L }).Outcome.Should().Be(LpOutcome.Infeasible);
        Solve(new[] { 1L, 0 }, new[] { new[] { -1L, 1 } }, new[] { 1L }).Outcome.Should().Be(LpOutcome.Unbounded);
    }

    [Fact]
    public void Simplex_TerminatesOnBealesCyclingExample()
    {
        // Beale (1955): the textbook pivot rule cycles here; Bland's rule reaches the optimum 5/4.
        var c = new[] { Q(3, 4), Q(-20), Q(1, 2), Q(-6) };
        var a = new[]
        {
            new[] { Q(1, 4), Q(-8), Q(-1), Q(9) },
            new[] { Q(1, 2), Q(-12), Q(-1, 2), Q(3) },
            new[] { Q(0), Q(0), Q(1), Q(0) },
        };
        RationalSimplex.Maximize(c, a, new[] { Q(0), Q(0), Q(1) }).Should().Be((LpOutcome.Optimal, Q(5, 4)));
    }

    [Fact]
    public void Spectral_BracketsTheLargestSingularValue()
    {
        // JᵀJ = [[25, 20], [20, 25]] has eigenvalues 45 and 5.
        var bracket = SpectralBracket.Of(new[] { new[] { Q(3), Q(0) }, new[] { Q(4), Q(5) } });
        bracket.Lo.Should().BeLessThanOrEqualTo(Q(45));
        bracket.Hi.Should().BeGreaterThanOrEqualTo(Q(45));
        (bracket.Hi - bracket.Lo).Should().BeLessThan(Q(45) * Rational.Of(BigInteger.One, BigInteger.One << 60));
    }

    [Fact]
    public void Pass_ReportsKinksAndIgnoresZeroNeurons()
    {
        var xPlus3 = ExactNetwork.From(DegenerateNetworks.Get("xplus3").Network);
        var atKink = xPlus3.Pass(new[] { Rational.Zero });
        atKink.Kinks.Should().BeEquivalentTo("relu layer 0 neuron 1", "relu layer 0 neuron 2");
        atKink.Output.Should().Equal(Q(3));

        var inside = xPlus3.Pass(new[] { Q(1, 4) });
        inside.Kinks.Should().BeEmpty();
        inside.Jacobian.Single().Should().Equal(Q(1));
        inside.Output.Should().Equal(Q(13, 4));

        ExactNetwork.From(DegenerateNetworks.Get("zero-neurons").Network).Pass(new[] { Q(1, 2) }).Kinks.Should().BeEmpty("a neuron that is 0 everywhere is no kink");
    }

    [Theory]
    [MemberData(nameof(HandDerivedCases))]
    public void Oracle_MatchesTheValueDerivedByHand(string name)
    {
        var corpus = DegenerateNetworks.Get(name);
        var truth = DegenerateTruths.Of(corpus, "scalar-linf");
        var byHand = Rational.FromDouble(corpus.ByHand!.Value);
        if (name == "weights-1e-6-to-1e6")
        {
            // The paper value rounds the weights 1e±6 to their decimal values; the doubles differ by about 1e-16 relative.
            Rational.Abs(truth.Hi - byHand).Should().BeLessThan(byHand * Rational.FromDouble(1e-12), $"{name}: oracle {truth}");
        }
        else
        {
            truth.Hi.Should().Be(byHand, $"{name}: oracle {truth}, by hand {corpus.ByHand}");
        }
    }

    [Fact]
    public void Oracle_OtherNormsOfMirroredNetwork_MatchHand()
    {
        // Gradients (1, 2) and (1.5, 2): ‖·‖∞ = 2, ‖·‖₂² = 6.25; one output, so ‖J‖₂→₂ = 2.5 too.
        var corpus = DegenerateNetworks.Get("mirrored-2d");
        DegenerateTruths.Of(corpus, "scalar-l1").Hi.Should().Be(Q(2));
        DegenerateTruths.Of(corpus, "scalar-l2").Should().Be(ExactValue.Square(Q(25, 4)));
        var spectral = DegenerateTruths.Of(corpus, "l2-l2");
        spectral.Lo.Should().BeLessThanOrEqualTo(Q(25, 4));
        spectral.Hi.Should().BeGreaterThanOrEqualTo(Q(25, 4));
        DegenerateTruths.Of(corpus, "linf-l1").Hi.Should().Be(Q(7, 2));
    }

    [Fact]
    public void Oracle_AgreesWithFloatRegionOracle_OnRandomNetworks()
    {
        const int seed = 77;
        var rng = new Random(seed);
        for (var trial = 0; trial < 20; trial++)
        {
            var inputs = 2 + (trial % 2);
            var net = RandomNetworks.Mlp(rng, inputs, trial % 2 == 0 ? new[] { 5 } : new[] { 4, 3 }, 2);
            var box = BoundPropagationTests.RandomBox(rng, inputs, 0.2 + rng.NextDouble());
            var exact = ExactRegions.Enumerate(ExactNetwork.From(net), ExactBox.From(box));
            var floats = RegionOracle.RegionJacobians(net, box);
            var c = new[] { 1.0, -0.5 };
            exact.Count.Should().Be(floats.Count, $"seed {seed}, trial {trial}: region counts");
            foreach (var name in new[] { "scalar-linf", "scalar-l1", "linf-linf", "l1-l1", "linf-l1", "l1-linf" })
            {
                var quantity = ExactQuantity.Parse(name, c);
                var reference = name.StartsWith("scalar", StringComparison.Ordinal)
                    ? LipschitzReference.Scalar(floats, c, quantity.InputNorm)
                    : LipschitzReference.Operator(floats, quantity.InputNorm, quantity.OutputNorm);
                quantity.Over(exact).Approximate.Should().BeApproximately(reference, 1e-9 * Math.Max(1, reference), $"seed {seed}, trial {trial}, {name}");
            }
        }
    }

    public static TheoryData<string> HandDerivedCases()
    {
        var data = new TheoryData<string>();
        foreach (var c in DegenerateNetworks.All.Where(c => c.ByHand is not null))
        {
            data.Add(c.Name);
        }

        return data;
    }

    private static (LpOutcome Outcome, Rational Value) Solve(long[] c, long[][] a, long[] b) =>
        RationalSimplex.Maximize(Rationals(c), a.Select(Rationals).ToArray(), Rationals(b));

    private static Rational[] Rationals(long[] values) => values.Select(v => Rational.Of(v)).ToArray();

    private static Rational Q(long numerator, long denominator = 1) => Rational.Of(numerator, denominator);
}

using ExactLip.Bounds;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Mip;
using ExactLip.Mip.Solving;
using ExactLip.Network;
using ExactLip.Network.Layers;
using ExactLip.Tests.Bounds;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Certify;

/// <summary>
/// A back end that solves the MIPs honestly but answers every region LP with "optimal, δ = −1"
/// and random duals, as a presolver that wrongly finds a region empty would: the MIP path must
/// exclude no pattern on that word, so its bounds still contain the region oracle's value.
/// </summary>
public class LyingRegionSolverTests
{
    private sealed class RegionLiar : IMipSolver
    {
        private readonly IMipSolver _honest;
        private int _calls;

        public RegionLiar(IMipSolver honest)
        {
            _honest = honest;
        }

        public string Name => "liar";

        public string Version => "1";

        public bool UsesStart => _honest.UsesStart;

        public bool ReportsRowDuals => _honest.ReportsRowDuals;

        public int Calls => _calls;

        public SolveOutcome Solve(MipModel model, SolveOptions options, IProgress<SolveProgress>? progress, CancellationToken cancellationToken)
        {
            if (model.Name != "region")
            {
                return _honest.Solve(model, options, progress, cancellationToken);
            }

            var call = Interlocked.Increment(ref _calls);
            var rng = new Random(call);
            var x = new double[model.Variables.Count];
            x[model.Variables.Select((v, j) => (v.Name, j)).Single(p => p.Name == "margin").j] = -1;
            var duals = model.Rows.Select(_ => (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-3, 4))).ToArray();
            return new SolveOutcome(SolveStatus.Optimal, -1, -1, x, 0, 0, Array.Empty<SolveProgress>()) { RowDuals = duals };
        }
    }

    /// <summary>
    /// f(x) = relu(x) − relu(0.1 − x) on [−1, 1]: slope 2 on (0, 0.1), 1 elsewhere. The MIP's
    /// optimum "both active" lies between two kinks, so a simplex vertex of it is a kink, where the
    /// evaluator sees slope 1 and the region LP is asked: trusting a lie would certify 1.
    /// </summary>
    private static NeuralNetwork NarrowWedge() => new("wedge", new Layer[]
    {
        AffineLayer.Dense(1, 2, new[] { 1.0, -1 }, new[] { 0.0, 0.1 }),
        new ReluLayer(Shape.Vector(2)),
        AffineLayer.Dense(2, 1, new[] { 1.0, -1 }, new[] { 0.0 }),
    });

    private static readonly LipschitzQuantity Slope = LipschitzQuantity.Scalar(Norm.Linf, new[] { 1.0 });

    private static readonly Box Unit = new(new[] { -1.0 }, new[] { 1.0 });

    /// <summary>No sampling: the starting point is the centre, x = 0, a kink of slope 1.</summary>
    private static readonly CertifyOptions CentreOnly = new(Bounds: BoundsMethod.Interval, Samples: 0, LocalSteps: 0);

    [Theory]
    [MemberData(nameof(TestSolvers.CbcAndGlpk), MemberType = typeof(TestSolvers))]
    public void Certify_NarrowWedge_HonestSolverGivesTheOracleValue(string solverName)
    {
        var reference = LipschitzReference.Scalar(RegionOracle.RegionJacobians(NarrowWedge(), Unit), new[] { 1.0 }, Norm.Linf);
        reference.Should().Be(2);

        var cert = new Certifier(TestSolvers.Get(solverName), CentreOnly).Run(NarrowWedge(), Unit, Slope, null, CancellationToken.None);

        cert.Status.Should().Be(CertificateStatus.Exact, string.Join(" ", cert.Notes));
        cert.Value!.Value.Should().BeApproximately(2, 1e-9);
    }

    [Theory]
    [MemberData(nameof(TestSolvers.CbcAndGlpk), MemberType = typeof(TestSolvers))]
    public void Certify_NarrowWedge_LyingRegionLp_NeverGivesAWrongValue(string solverName)
    {
        // The solver's point sits on the kink at x = 0. The witness is moved off it into the
        // adjacent region of slope 2 before the region LP would be asked, so the lie is never
        // heard; when it is (a solver returning another kink point), the pattern is kept.
        var liar = new RegionLiar(TestSolvers.Get(solverName));
        var cert = new Certifier(liar, CentreOnly).Run(NarrowWedge(), Unit, Slope, null, CancellationToken.None);

        cert.Upper.Should().BeGreaterThanOrEqualTo(2);
        cert.Lower.Should().BeLessThanOrEqualTo(2);
        cert.Subproblems.Single().ExcludedPatterns.Should().Be(0, "a lying region LP must not exclude a pattern");
        if (liar.Calls == 0)
        {
            cert.Status.Should().Be(CertificateStatus.Exact, string.Join(" ", cert.Notes));
            cert.Value!.Value.Should().BeApproximately(2, 1e-9);
        }
    }

    /// <summary>
    /// relu(x₁) + relu(x₂) − relu(−x₁ − x₂) on [−1, 1]²: three hyperplanes through the origin.
    /// "All active" holds only at the origin, with gradient (2, 2) (ℓ1 norm 4); the open regions
    /// reach 3 at most. The three are not proportional, so only the region LP can judge that pattern.
    /// </summary>
    private static NeuralNetwork Tripod() => new("tripod", new Layer[]
    {
        AffineLayer.Dense(2, 3, new[] { 1.0, 0, 0, 1, -1, -1 }, new double[3]),
        new ReluLayer(Shape.Vector(3)),
        AffineLayer.Dense(3, 1, new[] { 1.0, 1, -1 }, new[] { 0.0 }),
    });

    [Theory]
    [MemberData(nameof(TestSolvers.CbcAndGlpk), MemberType = typeof(TestSolvers))]
    public void Certify_Tripod_LyingRegionLp_EndsWithBoundsNotAValue(string solverName)
    {
        var square = new Box(new[] { -1.0, -1 }, new[] { 1.0, 1 });
        var reference = LipschitzReference.Scalar(RegionOracle.RegionJacobians(Tripod(), square), new[] { 1.0 }, Norm.Linf);
        reference.Should().Be(3);

        var liar = new RegionLiar(TestSolvers.Get(solverName));
        var cert = new Certifier(liar, new CertifyOptions(Bounds: BoundsMethod.Interval)).Run(Tripod(), square, Slope, null, CancellationToken.None);

        liar.Calls.Should().BeGreaterThan(0, "the MIP's 4 is met only at the origin, so its pattern goes to the region LP");
        cert.Status.Should().Be(CertificateStatus.Bounds, "the lie cannot be told from the truth, so the pattern is kept");
        cert.Subproblems.Single().ExcludedPatterns.Should().Be(0);
        cert.Lower.Should().BeLessThanOrEqualTo(3);
        cert.Upper.Should().BeGreaterThanOrEqualTo(4);
    }

    [Theory]
    [MemberData(nameof(TestSolvers.CbcAndGlpk), MemberType = typeof(TestSolvers))]
    public void Certify_OddNetwork_LyingRegionLp_IsDecidedWithoutIt(string solverName)
    {
        // The MIP's 2 at x = 0 is the pattern "both active" of two mirrored neurons: refuted
        // exactly from the weights (CoincidentNeurons), so the region LP and its lie are not needed.
        var liar = new RegionLiar(TestSolvers.Get(solverName));
        var cert = new Certifier(liar, new CertifyOptions(Bounds: BoundsMethod.Interval)).Run(TestNetworks.OddIdentity(), Unit, Slope, null, CancellationToken.None);

        liar.Calls.Should().Be(0);
        cert.Status.Should().Be(CertificateStatus.Exact, string.Join(" ", cert.Notes));
        cert.Value!.Value.Should().BeApproximately(1, 1e-9);
        cert.Value!.Value.Should().BeLessThanOrEqualTo(1);
    }

    [Theory]
    [MemberData(nameof(TestSolvers.CbcAndGlpk), MemberType = typeof(TestSolvers))]
    public void Certify_OddNetwork_HonestSolver_VerifiesTheExclusion(string solverName)
    {
        var cert = new Certifier(TestSolvers.Get(solverName), new CertifyOptions(Bounds: BoundsMethod.Interval) { LinkCoincidentNeurons = false })
            .Run(TestNetworks.OddIdentity(), Unit, Slope, null, CancellationToken.None);

        cert.Status.Should().Be(CertificateStatus.Exact);
        cert.Value!.Value.Should().BeApproximately(1, 1e-9);
        cert.Subproblems.Single().ExcludedPatterns.Should().BeGreaterThan(0);
        cert.Notes.Should().NotContain(n => n.Contains("could not be decided", StringComparison.Ordinal));
    }

    [Fact]
    public void Certify_LyingRegionLp_RandomNetworks_BoundsContainTheOracleValue()
    {
        var rng = new Random(41);
        var asked = 0;
        for (var trial = 0; trial < 16; trial++)
        {
            var net = RandomNetworks.Mlp(rng, 2, trial % 2 == 0 ? new[] { 5 } : new[] { 4, 3 }, 2);
            var box = BoundPropagationTests.RandomBox(rng, 2, 0.3 + rng.NextDouble());
            var c = new[] { 1.0, -0.5 };
            var reference = LipschitzReference.Scalar(RegionOracle.RegionJacobians(net, box), c, Norm.L1);
            var liar = new RegionLiar(TestSolvers.Get(trial % 2 == 0 ? "glpk" : "cbc"));
            var options = new CertifyOptions(Bounds: trial % 2 == 0 ? BoundsMethod.Crown : BoundsMethod.Interval, Samples: trial % 3 == 0 ? 0 : 8, LocalSteps: trial % 3 == 0 ? 0 : 4, Seed: trial);
            var cert = new Certifier(liar, options).Run(net, box, LipschitzQuantity.Scalar(Norm.L1, c), null, CancellationToken.None);
            asked += liar.Calls;

            cert.Lower.Should().BeLessThanOrEqualTo((reference * (1 + 1e-9)) + 1e-12, $"trial {trial}");
            cert.Upper.Should().BeGreaterThanOrEqualTo((reference * (1 - 1e-9)) - 1e-12, $"trial {trial}: notes {string.Join(" ", cert.Notes)}");
            cert.Subproblems.Sum(p => p.ExcludedPatterns).Should().Be(0, $"trial {trial}: no pattern is excluded on the liar's word");
            if (cert.Status == CertificateStatus.Exact)
            {
                cert.Value!.Value.Should().BeApproximately(reference, 1e-6 * Math.Max(1, reference), $"trial {trial}");
            }
        }

        asked.Should().BeGreaterThan(0, "some solver points must sit on kinks");
    }
}

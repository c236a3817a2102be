using ExactLip.Core;
using ExactLip.Estimators;
using ExactLip.Network;
using ExactLip.Tests.Bounds;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Estimators;

/// <summary>
/// Every estimator on random tiny networks and boxes, in every norm pair it measures, against the
/// exact constant from region enumeration (an independent exact reference): every certified
/// upper bound ≥ the exact value ≥ every certified lower bound; anchored bounds hold at sampled
/// points; refusals are one sentence.
/// </summary>
public class EstimatorSoundnessTests
{
    private const int Networks = 30;

    private static readonly string[] Names = { "scalar-linf", "scalar-l1", "scalar-l2", "linf-linf", "l1-l1", "linf-l1", "l1-linf", "l2-l2" };

    public static TheoryData<string> QuantityNames => new(Names);

    [Theory]
    [MemberData(nameof(QuantityNames))]
    public void CertifiedBounds_BracketTheExactValue_OnRandomNetworks(string quantityName) =>
        BracketTheExactValue(quantityName, 0, Networks, 7000);

    /// <summary>LeakyRelu nets (α = 0.3): derivatives in {α, 1}, every estimator still on the right side.</summary>
    [Theory]
    [MemberData(nameof(QuantityNames))]
    public void CertifiedBounds_BracketTheExactValue_OnRandomLeakyReluNetworks(string quantityName) =>
        BracketTheExactValue(quantityName, 0.3, 12, 7100);

    private static void BracketTheExactValue(string quantityName, double alpha, int networks, int seed)
    {
        var lp = TestSolvers.Get("glpk");
        var rng = new Random(seed + Array.IndexOf(Names, quantityName));
        var checkedUpper = 0;
        var checkedLower = 0;
        for (var trial = 0; trial < networks; trial++)
        {
            var inputs = 2 + (trial % 2);
            var hidden = trial % 3 == 0 ? new[] { 5 } : new[] { 4, 3 };
            var net = RandomNetworks.Mlp(rng, inputs, hidden, 2, alpha);
            var box = BoundPropagationTests.RandomBox(rng, inputs, 0.2 + rng.NextDouble());
            var regions = RegionOracle.RegionJacobians(net, box);
            var (quantity, exact) = Quantity(quantityName, new[] { 1.0, -0.5 }, regions);
            var problem = new EstimationProblem(net, box, quantity, seed: trial, lpSolver: lp);
            foreach (var estimator in EstimatorRegistry.All)
            {
                if (estimator.Refusal(problem) is { } refusal)
                {
                    refusal.Should().EndWith(".").And.NotContain("\n");
                    continue;
                }

                var e = estimator.Run(problem, TestContext.Current.CancellationToken);
                var because = $"trial {trial}, {e.Method} = {e.Value} ({e.Detail}), exact {exact}";
                e.Norm.Pair.Should().Be(MeasuredNorm.PairOf(quantity));
                if (e.Kind == EstimateKind.Upper && !e.Anchored)
                {
                    e.Value.Should().BeGreaterThanOrEqualTo((exact * (1 - 1e-9)) - 1e-12, because);
                    checkedUpper++;
                }
                else if (e.Kind == EstimateKind.Lower)
                {
                    e.Value.Should().BeLessThanOrEqualTo((exact * (1 + 1e-9)) + 1e-12, because);
                    e.Value.Should().BeGreaterThan(0, because);
                    checkedLower++;
                }
                else if (e.Anchored)
                {
                    AnchoredHolds(net, box, quantity, e.Value, rng).Should().BeTrue(because);
                }
            }
        }

        checkedUpper.Should().BeGreaterThanOrEqualTo(networks * 3);
        checkedLower.Should().Be(networks * 2);
    }

    [Fact]
    public void LipLp_RefusesL2_InOneSentence()
    {
        var net = RandomNetworks.Mlp(new Random(1), 2, new[] { 3 }, 2);
        var problem = new EstimationProblem(net, new Box(new[] { -1.0, -1 }, new[] { 1.0, 1 }), LipschitzQuantity.Operator(Norm.L2, Norm.L2), lpSolver: TestSolvers.Get("glpk"));
        var refusal = new ExactLip.Estimators.Methods.LipLpEstimator().Refusal(problem);

        refusal.Should().Contain("ℓ2").And.EndWith(".");
        var act = () => EstimationReport.Run(EstimatorRegistry.Parse("liplp"), problem, TestContext.Current.CancellationToken);
        act.Should().Throw<ExactLipException>().WithMessage("liplp relaxes*");
        EstimationReport.Run(EstimatorRegistry.Parse("all"), problem, TestContext.Current.CancellationToken).Skipped.Should().ContainSingle(s => s.Method == "liplp");
    }

    [Fact]
    public void LipLp_IsNeverBelowAFeasiblePoint_OnWeightsThatDecayedToDenormals()
    {
        // This trained network (weight decay) has float32-denormal weights; GLPK's LP presolver
        // once reported an "optimal" LP value 2.5% below the gradient norm at a corner of the box.
        var net = ExactLip.Import.ModelLoader.Load(Import.Fixtures.Path("benchmarks/tightness/models/clusters_w16_d2_l2.onnx"));
        var box = new Box(new[] { 0.39582961797714233, 0.7436177730560303 }, new[] { 0.8958296179771423, 1.2436177730560303 });
        var c = new[] { -1.0, 0, 1 };
        var attained = Norm.L1.Of(net.Gradient(new[] { 0.8958296179771423, 0.7436177730560303 }, c));
        var problem = new EstimationProblem(net, box, LipschitzQuantity.Scalar(Norm.Linf, c), lpSolver: TestSolvers.Get("glpk"));

        var estimate = new ExactLip.Estimators.Methods.LipLpEstimator().Run(problem, TestContext.Current.CancellationToken);

        estimate.Value.Should().BeGreaterThanOrEqualTo(attained, estimate.Detail);
    }

    [Fact]
    public void Registry_UnknownMethod_IsOneSentenceNamingTheChoices()
    {
        var act = () => EstimatorRegistry.Parse("autolip,bogus");

        act.Should().Throw<ExactLipException>().Which.Message.Should().Contain("'bogus'").And.Contain("seqlip").And.EndWith(".");
    }

    /// <summary>‖f(x) − f(x0)‖_r/‖x − x0‖_p ≤ bound at sampled points of the box, x0 its centre.</summary>
    private static bool AnchoredHolds(NeuralNetwork net, Box box, LipschitzQuantity quantity, double bound, Random rng)
    {
        var x0 = box.Center();
        var f0 = net.Forward(x0);
        for (var s = 0; s < 300; s++)
        {
            var x = BoundPropagationTests.SamplePoint(rng, box);
            var dx = x.Zip(x0, (a, b) => a - b).ToArray();
            var f = net.Forward(x);
            var df = f.Zip(f0, (a, b) => a - b).ToArray();
            var num = quantity.C is { } c ? Math.Abs(df.Zip(c, (a, b) => a * b).Sum()) : quantity.OutputNorm.Of(df);
            var ratio = num / quantity.InputNorm.Of(dx);
            if (ratio > (bound * (1 + 1e-9)) + 1e-12)
            {
                return false;
            }
        }

        return true;
    }

    private static (LipschitzQuantity Quantity, double Exact) Quantity(string name, double[] c, List<double[][]> regions) => name switch
    {
        "scalar-linf" => (LipschitzQuantity.Scalar(Norm.Linf, c), LipschitzReference.Scalar(regions, c, Norm.Linf)),
        "scalar-l1" => (LipschitzQuantity.Scalar(Norm.L1, c), LipschitzReference.Scalar(regions, c, Norm.L1)),
        "scalar-l2" => (LipschitzQuantity.Scalar(Norm.L2, c), LipschitzReference.Scalar(regions, c, Norm.L2)),
        "linf-linf" => (LipschitzQuantity.Operator(Norm.Linf, Norm.Linf), LipschitzReference.Operator(regions, Norm.Linf, Norm.Linf)),
        "l1-l1" => (LipschitzQuantity.Operator(Norm.L1, Norm.L1), LipschitzReference.Operator(regions, Norm.L1, Norm.L1)),
        "linf-l1" => (LipschitzQuantity.Operator(Norm.Linf, Norm.L1), LipschitzReference.Operator(regions, Norm.Linf, Norm.L1)),
        "l1-linf" => (LipschitzQuantity.Operator(Norm.L1, Norm.Linf), LipschitzReference.Operator(regions, Norm.L1, Norm.Linf)),
        "l2-l2" => (LipschitzQuantity.Operator(Norm.L2, Norm.L2), regions.Select(DenseReference.SpectralNorm).DefaultIfEmpty(0).Max()),
        _ => throw new ArgumentException(name),
    };
}

using ExactLip.Core;
using ExactLip.Estimators;
using ExactLip.Estimators.Methods;
using ExactLip.Network;
using ExactLip.Network.Layers;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Estimators;

/// <summary>AutoLip and SeqLip against MathNet's SVD and brute force over activation patterns.</summary>
public class SpectralEstimatorTests
{
    [Fact]
    public void AutoLip_EqualsTheProductOfExactSingularValues()
    {
        var rng = new Random(11);
        for (var trial = 0; trial < 10; trial++)
        {
            var net = RandomNetworks.Mlp(rng, 3 + trial, new[] { 6 + trial, 4 + (2 * trial) }, 2 + (trial % 3));
            var problem = new EstimationProblem(net, new Box(new double[net.InputSize], Enumerable.Repeat(1.0, net.InputSize).ToArray()), LipschitzQuantity.Operator(Norm.L2, Norm.L2));
            var reference = net.Layers.OfType<LinearLayer>().Select(l => DenseReference.SpectralNorm(DenseReference.Rows(l.Matrix))).Aggregate(1.0, (a, b) => a * b);

            var estimate = new AutoLipEstimator().Run(problem, TestContext.Current.CancellationToken);

            estimate.Kind.Should().Be(EstimateKind.Upper);
            estimate.Value.Should().BeGreaterThanOrEqualTo(reference * (1 - 1e-12));
            estimate.Value.Should().BeApproximately(reference, 1e-8 * reference, $"trial {trial}: {estimate.Detail}");
        }
    }

    [Fact]
    public void AutoLip_ConvolutionNetwork_EqualsTheProductOfExactSingularValues()
    {
        var net = ExactLip.Import.ModelLoader.Load(Import.Fixtures.Model("conv_net.onnx"));
        var simplified = net.Simplify(fuseRounded: true);
        var problem = new EstimationProblem(net, new Box(new double[net.InputSize], Enumerable.Repeat(1.0, net.InputSize).ToArray()), LipschitzQuantity.Operator(Norm.L2, Norm.L2));
        new AutoLipEstimator().Refusal(problem).Should().BeNull("conv_net simplifies to affine layers separated by single ReLUs");

        var reference = simplified.Layers.OfType<LinearLayer>().Select(l => DenseReference.SpectralNorm(DenseReference.Rows(l.Matrix))).Aggregate(1.0, (a, b) => a * b);

        new AutoLipEstimator().Run(problem, TestContext.Current.CancellationToken).Value.Should().BeApproximately(reference, 1e-8 * reference);
    }

    [Fact]
    public void SpectralNorm_CertifiedBound_IsAtLeastPowerIterationAndTheTrueValue()
    {
        var rng = new Random(5);
        for (var trial = 0; trial < 20; trial++)
        {
            var layer = RandomNetworks.Dense(rng, 2 + rng.Next(30), 1 + rng.Next(30));
            var exact = DenseReference.SpectralNorm(DenseReference.Rows(layer.Matrix));

            var bound = GramIterationSpectralNorm.Bound(LinearMap.Of(layer));

            bound.PowerIteration.Should().BeLessThanOrEqualTo(exact * (1 + 1e-12));
            bound.Upper.Should().BeGreaterThanOrEqualTo(exact);
            bound.Upper.Should().BeApproximately(exact, 1e-9 * exact);
        }
    }

    [Fact]
    public void SeqLipExact_EqualsBruteForce_OnOneHiddenLayer()
    {
        // With one ReLU layer the orthogonal factors U₂ and V₁ᵀ drop out of the norm, so SeqLip is
        // max over σ ∈ {0,1}^h of ‖W₂ diag(σ) W₁‖₂: enumerated here with MathNet's SVD.
        var rng = new Random(21);
        for (var trial = 0; trial < 12; trial++)
        {
            var hidden = 2 + (trial % 6);
            var net = RandomNetworks.Mlp(rng, 2 + (trial % 3), new[] { hidden }, 1 + (trial % 3));
            var w1 = DenseReference.Rows(((LinearLayer)net.Layers[0]).Matrix);
            var w2 = DenseReference.Rows(((LinearLayer)net.Layers[2]).Matrix);
            var brute = 0.0;
            for (var mask = 0; mask < 1 << hidden; mask++)
            {
                var sigma = Enumerable.Range(0, hidden).Select(j => (double)((mask >> j) & 1)).ToArray();
                brute = Math.Max(brute, DenseReference.SpectralNorm(DenseReference.Multiply(w2, DenseReference.ScaleRows(w1, sigma))));
            }

            var problem = new EstimationProblem(net, new Box(new double[net.InputSize], Enumerable.Repeat(1.0, net.InputSize).ToArray()), LipschitzQuantity.Operator(Norm.L2, Norm.L2));
            var estimate = new SeqLipEstimator(greedyOnly: false).Run(problem, TestContext.Current.CancellationToken);

            estimate.Kind.Should().Be(EstimateKind.Upper);
            estimate.Value.Should().BeApproximately(brute, 1e-8 * brute, $"trial {trial}");
            estimate.Value.Should().BeGreaterThanOrEqualTo(brute * (1 - 1e-12));
        }
    }

    [Fact]
    public void SeqLip_TwoHiddenLayers_DominatesEveryActivationPattern_AndGreedyIsHeuristic()
    {
        var rng = new Random(31);
        for (var trial = 0; trial < 6; trial++)
        {
            var net = RandomNetworks.Mlp(rng, 3, new[] { 4, 3 }, 2);
            var w = net.Layers.OfType<LinearLayer>().Select(l => DenseReference.Rows(l.Matrix)).ToArray();
            var patterns = 0.0;
            for (var m1 = 0; m1 < 16; m1++)
            {
                for (var m2 = 0; m2 < 8; m2++)
                {
                    var s1 = Enumerable.Range(0, 4).Select(j => (double)((m1 >> j) & 1)).ToArray();
                    var s2 = Enumerable.Range(0, 3).Select(j => (double)((m2 >> j) & 1)).ToArray();
                    var j2 = DenseReference.Multiply(w[2], DenseReference.ScaleRows(DenseReference.Multiply(w[1], DenseReference.ScaleRows(w[0], s1)), s2));
                    patterns = Math.Max(patterns, DenseReference.SpectralNorm(j2));
                }
            }

            var problem = new EstimationProblem(net, new Box(new double[3], new[] { 1.0, 1, 1 }), LipschitzQuantity.Operator(Norm.L2, Norm.L2));
            var exact = new SeqLipEstimator(greedyOnly: false).Run(problem, TestContext.Current.CancellationToken);
            var greedy = new SeqLipEstimator(greedyOnly: true).Run(problem, TestContext.Current.CancellationToken);
            var autolip = new AutoLipEstimator().Run(problem, TestContext.Current.CancellationToken);

            exact.Value.Should().BeGreaterThanOrEqualTo(patterns * (1 - 1e-12));
            exact.Value.Should().BeLessThanOrEqualTo(autolip.Value * (1 + 1e-9));
            greedy.Kind.Should().Be(EstimateKind.Heuristic);
            greedy.Value.Should().BeLessThanOrEqualTo(exact.Value * (1 + 1e-9));
        }
    }
}

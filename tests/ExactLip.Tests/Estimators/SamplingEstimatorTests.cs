using ExactLip.Core;
using ExactLip.Estimators;
using ExactLip.Estimators.Methods;
using ExactLip.Network;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Estimators;

/// <summary>The sampling estimators: repeatable under a seed, and CLEVER's extreme-value fit.</summary>
public class SamplingEstimatorTests
{
    private static EstimationProblem Problem(int seed)
    {
        var net = RandomNetworks.Mlp(new Random(3), 3, new[] { 8, 6 }, 2);
        return new EstimationProblem(net, Box.Ball(new[] { 0.1, -0.2, 0.3 }, 0.5), LipschitzQuantity.Scalar(Norm.Linf, new[] { 1.0, -1.0 }), seed);
    }

    [Theory]
    [InlineData("clever")]
    [InlineData("randomlb")]
    [InlineData("pgd")]
    public void SameSeed_SameValue_OtherSeed_OtherSamples(string method)
    {
        var estimator = EstimatorRegistry.Parse(method).Estimators.Single();

        var first = estimator.Run(Problem(4), TestContext.Current.CancellationToken);
        var again = estimator.Run(Problem(4), TestContext.Current.CancellationToken);
        var other = estimator.Run(Problem(5), TestContext.Current.CancellationToken);

        again.Value.Should().Be(first.Value);
        again.Detail.Should().Be(first.Detail);
        other.Detail.Should().NotBe(first.Detail, "another seed draws other points");
    }

    [Fact]
    public void SearchLowerBound_IsAtLeastAsStrongAsFewRandomPoints()
    {
        var problem = Problem(0);
        var random = new RandomLowerBound(samples: 20).Run(problem, TestContext.Current.CancellationToken);
        var search = new SearchLowerBound().Run(problem, TestContext.Current.CancellationToken);

        search.Kind.Should().Be(EstimateKind.Lower);
        search.Value.Should().BeGreaterThanOrEqualTo(random.Value * 0.999);
    }

    [Fact]
    public void ReverseWeibull_RecoversTheLocation_OfSyntheticMaxima()
    {
        // m = μ − Y with Y ~ Weibull(shape 3, scale 2): inverse-CDF sampling, Y = λ(−ln U)^{1/k}.
        var rng = new Random(8);
        const double location = 5, shape = 3, scale = 2;
        var samples = Enumerable.Range(0, 1500).Select(_ => location - (scale * Math.Pow(-Math.Log(1 - rng.NextDouble()), 1 / shape))).ToArray();

        var fit = ReverseWeibull.Fit(samples);

        fit.Location.Should().BeApproximately(location, 0.05);
        fit.Shape.Should().BeApproximately(shape, 0.3);
        fit.Scale.Should().BeApproximately(scale, 0.1);
    }
}

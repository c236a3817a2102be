using ExactLip.Core;
using ExactLip.Estimators;
using ExactLip.Estimators.Methods;
using ExactLip.Network;
using ExactLip.Network.Layers;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Estimators;

/// <summary>
/// Avant &amp; Morgansen's own example (DESIGN.md §3): z = ReLU(Ax + b) around x0 has the
/// published anchored bounds 7.53826 for ε ≤ 1.807 and 8.56114 at ε = 10, and the global bound
/// ‖A‖₂ = 9.1011.
/// </summary>
public class AvantMorgansenTests
{
    private static readonly double[] A = { 3, -1, 2, -2, 7, 1, 5, -3, -1 };
    private static readonly double[] B = { 3, 4, 2 };

    /// <summary>
    /// torch.manual_seed(0); torch.rand(3) + torch.tensor([-1., 2., 2.]), computed with Debian's
    /// python3-torch 1.13.1 (float32 values, written out exactly).
    /// </summary>
    private static readonly double[] X0 = { -0.5037434101104736, 2.768221855163574, 2.088477373123169 };

    [Theory]
    [InlineData(0.5, 7.53826)]
    [InlineData(1.0, 7.53826)]
    [InlineData(1.8, 7.53826)]
    [InlineData(10.0, 8.56114)]
    public void LayerBound_ReproducesThePublishedNumbers(double eps, double published)
    {
        var layer = LinearMap.Of(SparseMatrix.FromDense(3, 3, A), B);

        var bound = AvantMorgansenEstimator.Bound(new[] { layer }, endsWithRelu: true, X0, eps, TestContext.Current.CancellationToken);

        bound.Should().BeApproximately(published, 5e-6);
    }

    [Fact]
    public void Estimator_OnTheBallHoldingTheBox_ReproducesThePublishedNumber()
    {
        // An ℓ∞ box of half-width ε/√3 around x0 lies in the ℓ2 ball of radius ε (its corners touch it).
        var network = new NeuralNetwork("am", new Layer[] { AffineLayer.Dense(3, 3, A, B), new ReluLayer(Shape.Vector(3)) });
        var box = Box.Ball(X0, 10 / Math.Sqrt(3));
        var problem = new EstimationProblem(network, box, LipschitzQuantity.Operator(Norm.L2, Norm.L2));

        var estimate = new AvantMorgansenEstimator().Run(problem, TestContext.Current.CancellationToken);

        estimate.Anchored.Should().BeTrue();
        estimate.Scope.Should().Be(EstimateScope.Local);
        estimate.Value.Should().BeApproximately(8.56114, 5e-6);
        new AutoLipEstimator().Run(problem, TestContext.Current.CancellationToken).Value.Should().BeApproximately(9.1011, 5e-5);
    }
}

using ExactLip.Bounds;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Network;
using ExactLip.Network.Layers;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Certify;

/// <summary>
/// Max pooling end to end: g(x) = max of four affine functions of a 2-D input (a 2×2 pooling
/// window over a dense layer), then a ReLU layer and a dense output. The reference is a fine
/// grid over the box, which on a 2-D input meets every linear piece.
/// </summary>
public class MaxPoolCertifyTests
{
    [Theory]
    [MemberData(nameof(TestSolvers.CbcAndGlpk), MemberType = typeof(TestSolvers))]
    public void Certify_MaxPoolNetwork_EqualsDenseGridOnTwoInputs(string solver)
    {
        var rng = new Random(12);
        for (var trial = 0; trial < 5; trial++)
        {
            var dense = RandomNetworks.Dense(rng, 2, 8);
            var pool = new MaxPool2dLayer(Shape.Of(2, 2, 2), new Window2d(2, 2, 2, 2));
            var layers = new Layer[]
            {
                new AffineLayer(Shape.Vector(2), Shape.Of(2, 2, 2), dense.Matrix, dense.Bias),
                pool,
                new ReluLayer(pool.OutputShape),
                RandomNetworks.Dense(rng, 2, 1),
            };
            var net = new NeuralNetwork("pool", layers);
            var box = new Box(new[] { -0.5, -0.5 }, new[] { 0.5, 0.5 });
            var cert = new Certifier(TestSolvers.Get(solver), new CertifyOptions(Samples: 16, LocalSteps: 16))
                .Run(net, box, LipschitzQuantity.Scalar(Norm.Linf, new[] { 1.0 }), null, CancellationToken.None);

            double grid = 0;
            for (var i = 0; i <= 300; i++)
            {
                for (var j = 0; j <= 300; j++)
                {
                    var x = new[] { -0.5 + (i / 300.0), -0.5 + (j / 300.0) };
                    grid = Math.Max(grid, Norm.L1.Of(net.Gradient(x, new[] { 1.0 })));
                }
            }

            cert.Upper.Should().BeGreaterThanOrEqualTo(grid * (1 - 1e-9), $"trial {trial}: no point may beat a certified upper bound");
            cert.Status.Should().Be(CertificateStatus.Exact, $"trial {trial}: [{cert.Lower}, {cert.Upper}] {string.Join(" ", cert.Notes)}");
            cert.Value!.Value.Should().BeApproximately(grid, 1e-6 * Math.Max(1, grid), $"trial {trial}");
        }
    }

    /// <summary>
    /// f(x) = relu(x) − relu(0.1 − x) on [−1, 1] (slope 2 on (0, 0.1), 1 elsewhere) read through
    /// max pooling after the ReLU: windows
    /// (relu(x), relu(−x − 5)), (relu(0.1 − x), relu(−x − 6)) and (relu(−x − 5), relu(−x − 6)). In
    /// the last one both taps are identically 0 on the box, yet neither is ruled out as winner by
    /// the bounds, so every pattern names a winner of a tie that holds everywhere.
    /// </summary>
    private static NeuralNetwork WedgeThroughPooling()
    {
        var dense = AffineLayer.Dense(1, 6, new[] { 1.0, -1, -1, -1, -1, -1 }, new[] { 0.0, -5, 0.1, -6, -5, -6 });
        var pool = new MaxPool2dLayer(Shape.Of(3, 1, 2), new Window2d(1, 2, 1, 2));
        return new("wedge-pool", new Layer[]
        {
            new AffineLayer(Shape.Vector(1), Shape.Of(3, 1, 2), dense.Matrix, dense.Bias),
            new ReluLayer(Shape.Of(3, 1, 2)),
            pool,
            AffineLayer.Dense(3, 1, new[] { 1.0, -1, 1 }, new[] { 0.0 }),
        });
    }

    [Theory]
    [MemberData(nameof(TestSolvers.CbcAndGlpk), MemberType = typeof(TestSolvers))]
    public void Certify_WedgeThroughPooling_ATieOfZerosDoesNotHideThePattern(string solverName)
    {
        var net = WedgeThroughPooling();
        net.Gradient(new[] { 0.05 }, new[] { 1.0 })[0].Should().Be(2, "the slope inside the wedge, by the evaluator");

        // No sampling: the start is the centre x = 0, a kink, so the MIP's optimum must be found and checked.
        var cert = new Certifier(TestSolvers.Get(solverName), new CertifyOptions(Bounds: BoundsMethod.Interval, Samples: 0, LocalSteps: 0))
            .Run(net, new Box(new[] { -1.0 }, new[] { 1.0 }), LipschitzQuantity.Scalar(Norm.Linf, new[] { 1.0 }), null, CancellationToken.None);

        cert.Status.Should().Be(CertificateStatus.Exact, string.Join(" ", cert.Notes));
        cert.Value!.Value.Should().BeApproximately(2, 1e-9);
    }
}

using ExactLip.Network;
using ExactLip.Network.Layers;

namespace ExactLip.Tests;

/// <summary>Hand-built networks whose constants are known by hand.</summary>
public static class TestNetworks
{
    /// <summary>
    /// f(x) = relu(x) − relu(−x) = x: on [−1, 1] its Lipschitz constant is 1, while the MIP alone
    /// finds 2 at x = 0 with both neurons "active" (the ReLU′(0) case of docs/certify.md).
    /// </summary>
    public static ExactLip.Network.Network OddIdentity() => new("odd", new Layer[]
    {
        AffineLayer.Dense(1, 2, new[] { 1.0, -1 }, new[] { 0.0, 0 }),
        new ReluLayer(Shape.Vector(2)),
        AffineLayer.Dense(2, 1, new[] { 1.0, -1 }, new[] { 0.0 }),
    });
}

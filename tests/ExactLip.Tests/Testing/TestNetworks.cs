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
    public static NeuralNetwork OddIdentity() => new("odd", new Layer[]
    {
        AffineLayer.Dense(1, 2, new[] { 1.0, -1 }, new[] { 0.0, 0 }),
        new ReluLayer(Shape.Vector(2)),
        AffineLayer.Dense(2, 1, new[] { 1.0, -1 }, new[] { 0.0 }),
    });

    /// <summary>
    /// relu(x₁) + relu(x₂) − relu(−1.5x₁ − 1.5x₂) on [−1, 1]²: three hyperplanes through the
    /// origin, no two proportional. "All active" holds only at the origin, with gradient
    /// (2.5, 2.5) (ℓ1 norm 5); the open regions reach 4 at most (one of x₁, x₂ off, the third on).
    /// The region LP of "all active" has maximum exactly 0 with the dyadic duals (⅜, ⅜, ¼), so
    /// only its duals, evaluated exactly, refute it.
    /// </summary>
    public static NeuralNetwork DyadicTripod() => new("tripod", new Layer[]
    {
        AffineLayer.Dense(2, 3, new[] { 1.0, 0, 0, 1, -1.5, -1.5 }, new double[3]),
        new ReluLayer(Shape.Vector(3)),
        AffineLayer.Dense(3, 1, new[] { 1.0, 1, -1 }, new[] { 0.0 }),
    });

    /// <summary>
    /// f(x) = relu(x − ½) − relu(−x − ½) on [−1, 1]: slope 1 for |x| &gt; ½, 0 between. The
    /// pattern with both neurons active would have slope 2 and both neurons are undecided by
    /// bounds over the box, but no x makes x − ½ and −x − ½ positive together: the worst pattern
    /// is infeasible, and the constant is 1.
    /// </summary>
    public static NeuralNetwork OppositeHinges() => new("hinges", new Layer[]
    {
        AffineLayer.Dense(1, 2, new[] { 1.0, -1 }, new[] { -0.5, -0.5 }),
        new ReluLayer(Shape.Vector(2)),
        AffineLayer.Dense(2, 1, new[] { 1.0, -1 }, new[] { 0.0 }),
    });
}

using ExactLip.Core;

namespace ExactLip.Encoding;

/// <summary>
/// The output functional whose input gradient a MIP maximises: either one fixed vector c
/// (the scalar g = cᵀf), or every c in the box [−1, 1]^m (the dual ball of the ℓ1 output norm,
/// for ‖J‖_{p→1}). Over a box the products with binary activations stay exact, and the
/// objective is convex in c, so the maximum over the box is the maximum over its vertices.
/// </summary>
public sealed class OutputWeights
{
    private OutputWeights(double[]? fixedC, int dimension)
    {
        Fixed = fixedC;
        Dimension = dimension;
    }

    public double[]? Fixed { get; }

    public int Dimension { get; }

    public bool IsBox => Fixed is null;

    public static OutputWeights Vector(double[] c) => new((double[])c.Clone(), c.Length);

    public static OutputWeights UnitBox(int m) => new(null, m);

    public static OutputWeights Basis(int m, int j)
    {
        var c = new double[m];
        c[j] = 1;
        return new OutputWeights(c, m);
    }

    public Box Bounds() => Fixed is { } c
        ? Box.Point(c)
        : new Box(Enumerable.Repeat(-1.0, Dimension).ToArray(), Enumerable.Repeat(1.0, Dimension).ToArray());
}

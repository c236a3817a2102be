using ExactLip.Core;
namespace ExactLip.Network.Relaxation;

/// <summary>
/// K pairs of linear functions of the current layer's variables h that bound K target
/// quantities: target_k ≤ Upper[k]·h + UpperBias[k] and target_k ≥ Lower[k]·h + LowerBias[k].
/// Back-substitution through layers rewrites them over earlier variables until they are over
/// the network input, where they are maximised/minimised over the input box.
/// </summary>
public sealed class LinearBoundSet
{
    public LinearBoundSet(double[][] upper, double[] upperBias, double[][] lower, double[] lowerBias)
    {
        Upper = upper;
        UpperBias = upperBias;
        Lower = lower;
        LowerBias = lowerBias;
    }

    public double[][] Upper { get; set; }

    public double[] UpperBias { get; }

    public double[][] Lower { get; set; }

    public double[] LowerBias { get; }

    public int Count => UpperBias.Length;

    /// <summary>The identity bounds target_k = h_k for every k in <paramref name="indices"/> of a layer of width n.</summary>
    public static LinearBoundSet Identity(int n, IReadOnlyList<int> indices)
    {
        var up = new double[indices.Count][];
        var lo = new double[indices.Count][];
        for (var k = 0; k < indices.Count; k++)
        {
            up[k] = new double[n];
            lo[k] = new double[n];
            up[k][indices[k]] = 1;
            lo[k][indices[k]] = 1;
        }

        return new LinearBoundSet(up, new double[indices.Count], lo, new double[indices.Count]);
    }

    /// <summary>
    /// Evaluates the bounds over a box of the current variables: (lower_k, upper_k), each
    /// rounded outward by the error of its sum (<see cref="RoundingError.SumError"/>), so they
    /// hold for the exact values of the rows and biases over the box.
    /// </summary>
    public (double[] Lower, double[] Upper) Concretize(Core.Box box)
    {
        var lo = new double[Count];
        var hi = new double[Count];
        for (var k = 0; k < Count; k++)
        {
            double u = UpperBias[k], l = LowerBias[k];
            double uMagnitude = Math.Abs(u), lMagnitude = Math.Abs(l);
            var uk = Upper[k];
            var lk = Lower[k];
            for (var j = 0; j < uk.Length; j++)
            {
                // The sign of the coefficient picks the end of [lo_j, hi_j] that is extreme in
                // exact arithmetic; only the product and the sum round.
                var up = uk[j] >= 0 ? uk[j] * box.Hi(j) : uk[j] * box.Lo(j);
                var low = lk[j] >= 0 ? lk[j] * box.Lo(j) : lk[j] * box.Hi(j);
                u += up;
                l += low;
                uMagnitude += Math.Abs(up);
                lMagnitude += Math.Abs(low);
            }

            var terms = uk.Length + 1;
            lo[k] = RoundingError.Down(l - RoundingError.SumError(lMagnitude, terms));
            hi[k] = RoundingError.Up(u + RoundingError.SumError(uMagnitude, terms));
        }

        return (lo, hi);
    }
}

using ExactLip.Core;

namespace ExactLip.Network.Relaxation;

/// <summary>
/// The rounding error of one back-substitution step through an affine map y = G x + b with x in
/// a box, folded into the constant of each linear bound so that the bound stays valid for the
/// exact reals.
/// Implementation note: for float64 multipliers λ over y, λᵀ(G x + b) = (Gᵀλ)ᵀx + λᵀb exactly.
/// The step stores μ̂ = fl(Gᵀλ) as the new row and ŝ = fl(λᵀb) in the constant. Each μ̂ⱼ is a
/// sum of at most R = rows(G) products, so |μ̂ⱼ − μⱼ| ≤ γ_R·Σᵢ|Gᵢⱼ||λᵢ| + Rη
/// (<see cref="RoundingError"/>), and over |xⱼ| ≤ m the rows differ by at most
/// Σⱼ|μ̂ⱼ − μⱼ|·m ≤ γ_R·m·Σᵢ|λᵢ|·Σⱼ|Gᵢⱼ| + Rη·C·m (C = columns(G), m the largest magnitude in the
/// box). Likewise |ŝ − λᵀb| ≤ γ_R·Σᵢ|λᵢ||bᵢ| + Rη. The row sums Σⱼ|Gᵢⱼ| are cached with the
/// matrix, so a step costs O(C) here and two dot products of length R per row, where the row
/// itself costs a pass over G's non-zeros. Using the largest magnitude m for every column
/// loosens only the error term, which is of the order of u relative to the bound.
/// </summary>
public sealed class AffineStepRounding
{
    private readonly double[] _rowSums;
    private readonly double[]? _bias;
    private readonly int _terms;
    private readonly double _factor;
    private readonly double _largest;
    private readonly double _underflow;

    /// <param name="map">G, whose rows are the outputs y.</param>
    /// <param name="bias">b, or null for a map without one.</param>
    /// <param name="input">A box that holds every x the bounds are meant for.</param>
    public AffineStepRounding(SparseMatrix map, double[]? bias, Box input)
    {
        double largest = 0;
        for (var j = 0; j < input.Dimension; j++)
        {
            largest = Math.Max(largest, Math.Max(Math.Abs(input.Lo(j)), Math.Abs(input.Hi(j))));
        }

        _rowSums = map.RowAbsoluteSumsUp;
        _bias = bias;
        _terms = Math.Max(map.Rows, 1);
        _factor = 2 * RoundingError.TwiceGamma(_terms);
        _largest = largest;

        // 2R(C + 1)(m + 1)η + 4η: the products that underflow in the rows (RCmη) and the bias
        // sum (Rη), what underflow takes from the two magnitude sums (R(m + 1)η at most, times a
        // factor below 1) and the final roundings, with room to spare.
        var count = RoundingError.MultiplyUp(2.0 * _terms * (Math.Max(map.Columns, 1) + 1.0), RoundingError.AddUp(largest, 1));
        _underflow = RoundingError.AddUp(RoundingError.MultiplyUp(count, double.Epsilon), 4 * double.Epsilon);
    }

    /// <summary>
    /// Adds λᵀb to <paramref name="constant"/> and the rounding error of the step outward: up for
    /// an upper bound, down for a lower bound. Call it with the row λ before it is replaced by μ̂.
    /// </summary>
    public void Shift(ReadOnlySpan<double> lambda, ref double constant, bool upperSide)
    {
        double shift = 0, weighted = 0, biasWeighted = 0;
        var rowSums = _rowSums;
        if (_bias is { } bias)
        {
            for (var i = 0; i < lambda.Length; i++)
            {
                var l = lambda[i];
                var product = l * bias[i];
                shift += product;
                biasWeighted += Math.Abs(product);
                weighted += Math.Abs(l) * rowSums[i];
            }
        }
        else
        {
            for (var i = 0; i < lambda.Length; i++)
            {
                weighted += Math.Abs(lambda[i]) * rowSums[i];
            }
        }

        // The float sums of R non-negative products are at least (1 − γ_R) of their exact values
        // less Rη (which _underflow covers), and the expression below rounds three times more,
        // relative u each: the factor 4γ_R ≥ γ_R/((1 − γ_R)(1 − u)³) absorbs all of it, so the
        // computed error is at least γ_R·Σᵢ|λᵢ|(m·Σⱼ|Gᵢⱼ| + |bᵢ|).
        var error = (((weighted * _largest) + biasWeighted) * _factor) + _underflow;
        constant = upperSide
            ? RoundingError.AddUp(RoundingError.AddUp(constant, shift), error)
            : RoundingError.AddDown(RoundingError.AddDown(constant, shift), -error);
    }
}

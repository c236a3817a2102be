using ExactLip.Core;

namespace ExactLip.Network.Relaxation;

/// <summary>
/// The rounding error of one back-substitution step through an affine map y = G x + b with x in
/// a box, folded into the constant of each linear bound so that the bound stays valid for the
/// exact reals.
/// Implementation note: for float64 multipliers λ over y, λᵀ(G x + b) = (Gᵀλ)ᵀx + λᵀb exactly.
/// The step stores μ̂ = fl(Gᵀλ) as the new row and ŝ = fl(λᵀb) in the constant. Each μ̂ⱼ is a
/// sum of at most R = rows(G) products, so |μ̂ⱼ − μⱼ| ≤ γ_R·Σᵢ|Gᵢⱼ||λᵢ| + Rη
/// (<see cref="RoundingError"/>), and over |xⱼ| ≤ mⱼ the rows differ by at most
/// Σⱼ|μ̂ⱼ − μⱼ|·mⱼ ≤ γ_R·Σᵢ|λᵢ|·(|G| m)ᵢ + Rη·‖m‖₁. Likewise |ŝ − λᵀb| ≤ γ_R·Σᵢ|λᵢ||bᵢ| + Rη.
/// With aᵢ ≥ (|G| m)ᵢ + |bᵢ| computed once per step, the two together are at most
/// γ_R·Σᵢ|λᵢ|aᵢ + Rη(‖m‖₁ + 1): one extra dot product of length R per row, where the row itself
/// costs a pass over G's non-zeros.
/// </summary>
public sealed class AffineStepRounding
{
    private readonly double[] _weights;
    private readonly double[]? _bias;
    private readonly int _terms;
    private readonly double _twiceGamma;
    private readonly double _underflow;

    /// <param name="map">G, whose rows are the outputs y.</param>
    /// <param name="bias">b, or null for a map without one.</param>
    /// <param name="input">A box that holds every x the bounds are meant for.</param>
    public AffineStepRounding(SparseMatrix map, double[]? bias, Box input)
    {
        var magnitude = new double[input.Dimension];
        for (var j = 0; j < magnitude.Length; j++)
        {
            magnitude[j] = Math.Max(Math.Abs(input.Lo(j)), Math.Abs(input.Hi(j)));
        }

        _weights = new double[map.Rows];
        for (var i = 0; i < map.Rows; i++)
        {
            double a = bias is null ? 0 : Math.Abs(bias[i]);
            for (var k = map.RowStart[i]; k < map.RowStart[i + 1]; k++)
            {
                a += Math.Abs(map.Values[k]) * magnitude[map.ColumnIndex[k]];
            }

            _weights[i] = RoundingError.NonNegativeSumUp(a, map.RowStart[i + 1] - map.RowStart[i] + 1);
        }

        _bias = bias;
        _terms = Math.Max(map.Rows, 1);
        _twiceGamma = RoundingError.TwiceGamma(_terms);

        // Rη·(‖m‖₁ + 1): the products that underflow, in the rows and in the bias sum.
        var norm = RoundingError.NormUp(Norm.L1, magnitude);
        _underflow = RoundingError.Up(RoundingError.Up(RoundingError.Up(norm + 1) * _terms) * double.Epsilon);
    }

    /// <summary>
    /// Adds λᵀb to <paramref name="constant"/> and the rounding error of the step outward: up for
    /// an upper bound, down for a lower bound. Call it with the row λ before it is replaced by μ̂.
    /// </summary>
    public void Shift(ReadOnlySpan<double> lambda, ref double constant, bool upperSide)
    {
        double shift = 0, weighted = 0;
        for (var i = 0; i < lambda.Length; i++)
        {
            var l = lambda[i];
            if (_bias is not null)
            {
                shift += l * _bias[i];
            }

            weighted += Math.Abs(l) * _weights[i];
        }

        // γ_R·Σ|λᵢ|aᵢ ≤ 2γ_R·(its float value plus its own error), plus the underflow term.
        var error = RoundingError.Up(RoundingError.Up(_twiceGamma * RoundingError.NonNegativeSumUp(weighted, _terms)) + _underflow);
        constant = upperSide
            ? RoundingError.Up(RoundingError.Up(constant + shift) + error)
            : RoundingError.Down(RoundingError.Down(constant + shift) - error);
    }
}

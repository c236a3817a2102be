using System.Globalization;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Network;

namespace ExactLip.Estimators;

/// <summary>
/// The input→output norms a value measures, and, when the method works in another norm, the
/// norm it was computed in and the factor that converted it (e.g. ℓ2→ℓ2 times √n for an ℓ∞
/// input). A converted upper bound stays certified: the factors are the norm-equivalence
/// constants ‖x‖₂ ≤ √n‖x‖∞ and ‖y‖₁ ≤ √m‖y‖₂.
/// </summary>
public sealed record MeasuredNorm(string Pair, string? ConvertedFrom, double ConversionFactor)
{
    /// <summary>"linf→linf" for an operator norm, "linf→scalar" for the scalar cᵀf.</summary>
    public static string PairOf(LipschitzQuantity quantity) =>
        $"{quantity.InputNorm.Name()}→{(quantity.IsScalar ? "scalar" : quantity.OutputNorm.Name())}";

    public static MeasuredNorm Native(LipschitzQuantity quantity) => new(PairOf(quantity), null, 1);

    /// <summary>
    /// A value computed in ℓ2→ℓ2 (or ‖∇g‖₂ for a scalar) converted to the quantity's norms.
    /// </summary>
    public static MeasuredNorm FromL2(LipschitzQuantity quantity, int inputs, int outputs)
    {
        var factor = L2Factor(quantity, inputs, outputs);
        var from = quantity.IsScalar ? "l2→scalar" : "l2→l2";
        return factor == 1 && quantity.InputNorm == Norm.L2 && (quantity.IsScalar || quantity.OutputNorm == Norm.L2)
            ? new MeasuredNorm(PairOf(quantity), null, 1)
            : new MeasuredNorm(PairOf(quantity), from, factor);
    }

    /// <summary>
    /// κ with ‖J‖_{p→r} ≤ κ‖J‖_{2→2}: √n when the input norm is ℓ∞ (‖x‖₂ ≤ √n‖x‖∞), and √m when
    /// the output norm is ℓ1 (‖y‖₁ ≤ √m‖y‖₂); ℓ1 inputs and ℓ∞ outputs cost nothing.
    /// </summary>
    public static double L2Factor(LipschitzQuantity quantity, int inputs, int outputs)
    {
        var factor = quantity.InputNorm == Norm.Linf ? Math.Sqrt(inputs) : 1.0;
        if (!quantity.IsScalar && quantity.OutputNorm == Norm.L1)
        {
            factor *= Math.Sqrt(outputs);
        }

        return factor;
    }

    public override string ToString() => ConvertedFrom is null
        ? Pair
        : $"{Pair} (from {ConvertedFrom} ×{ConversionFactor.ToString("0.####", CultureInfo.InvariantCulture)})";
}

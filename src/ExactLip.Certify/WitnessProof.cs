using ExactLip.Core;
using ExactLip.Network;

namespace ExactLip.Certify;

/// <summary>A point of the box proven to lie inside an activation region, and the lower bound it proves.</summary>
/// <param name="X">The point.</param>
/// <param name="C">The output weights used there.</param>
/// <param name="Value">A lower bound on the quantity, valid in exact arithmetic (see <see cref="WitnessProof"/>).</param>
/// <param name="Pattern">The activation region the point lies in (<see cref="InteriorPoint.Pattern"/>).</param>
public sealed record ProvenPoint(double[] X, double[] C, double Value, IReadOnlyList<string> Pattern);

/// <summary>
/// The one gate every certified lower bound passes: a point counts only when it is proven to lie
/// in the interior of an activation region (<see cref="InteriorPoint"/>), and what it counts for
/// is a rigorous lower bound on the quantity there, not the float64 value.
/// Implementation note: at a proven interior point x the network is affine near x, so for any
/// output weights c, ‖∇(cᵀf)(x)‖_{p*} is attained on an open subset of the box, and
/// ‖J(x)‖_{p→r} ≥ ‖Jᵀc‖_{p*}/‖c‖_{r*}; both are bounded below from the gradient's error
/// bounds. A point on a kink (or within rounding of one) is moved into an adjacent region: a
/// few nearby points of the box in random directions, at the smallest distance that proves one,
/// the best of them counting.
/// </summary>
public static class WitnessProof
{
    /// <summary>Distances tried when moving off a kink, relative to the box's width in each coordinate.</summary>
    private static readonly double[] Steps = { 1e-12, 1e-10, 1e-8, 1e-6, 1e-4, 1e-2 };

    private const int Directions = 4;

    /// <summary>The proven lower bound at x with output weights c; null when x is not proven interior.</summary>
    public static ProvenPoint? At(NeuralNetwork network, LipschitzQuantity quantity, double[] x, double[] c)
    {
        ArgumentNullException.ThrowIfNull(quantity);
        if (InteriorPoint.TryProve(network, x) is not { } point)
        {
            return null;
        }

        var value = point.GradientNormLowerBound(c, quantity.GradientNorm);
        if (!quantity.IsScalar)
        {
            // Any c ≠ 0 gives ‖J‖_{p→r} ≥ ‖Jᵀc‖_{p*} / ‖c‖_{r*}.
            var size = RoundingError.NormUp(quantity.OutputNorm.Dual(), c.Select(Math.Abs).ToArray());
            value = size > 0 ? Math.Max(0, RoundingError.Down(value / size)) : 0;
        }

        return new ProvenPoint(point.X, c, value, point.Pattern());
    }

    /// <summary>
    /// The proven lower bound at x, or, when x is on or within rounding of a kink, at the best of a
    /// few nearby points of the box that are proven interior. <paramref name="weightsAt"/> gives
    /// the output weights to use at a point (the engine's choice: the given c, or the maximiser of
    /// an operator norm). Null only when no nearby point could be proven.
    /// </summary>
    /// <param name="weightsAtX">The weights at x when the caller has them already (they cost a Jacobian for an operator norm).</param>
    public static ProvenPoint? Near(NeuralNetwork network, LipschitzQuantity quantity, Box box, double[] x, Func<double[], double[]> weightsAt, double[]? weightsAtX = null)
    {
        ArgumentNullException.ThrowIfNull(box);
        ArgumentNullException.ThrowIfNull(weightsAt);
        if (At(network, quantity, x, weightsAtX ?? weightsAt(x)) is { } here)
        {
            return here;
        }

        // Seeded by the point itself, so a run is repeatable.
        var rng = new Random(HashOf(x));
        foreach (var step in Steps)
        {
            ProvenPoint? best = null;
            for (var d = 0; d < Directions; d++)
            {
                var y = new double[x.Length];
                for (var i = 0; i < y.Length; i++)
                {
                    y[i] = Math.Clamp(x[i] + (step * box.Width(i) * ((2 * rng.NextDouble()) - 1)), box.Lo(i), box.Hi(i));
                }

                if (At(network, quantity, y, weightsAt(y)) is { } proven && (best is null || proven.Value > best.Value))
                {
                    best = proven;
                }
            }

            if (best is not null)
            {
                return best;
            }
        }

        return null;
    }

    private static int HashOf(double[] x)
    {
        var hash = 17;
        foreach (var v in x)
        {
            hash = unchecked((hash * 31) + BitConverter.DoubleToInt64Bits(v).GetHashCode());
        }

        return hash;
    }
}

using ExactLip.Network;

namespace ExactLip.Tests.Exact;

/// <summary>
/// The exact local constant of a network with one input, in rational arithmetic, fast enough for
/// networks of a hundred neurons where region enumeration takes minutes: on an interval the
/// network is piecewise affine, so the interval is cut at every exact zero of every
/// pre-activation, layer by layer, and on each piece every value is a·x + b. The constant of
/// cᵀf is the largest |cᵀ·slope| over the pieces (every piece has positive length, so none is a
/// measure-zero pattern). In one dimension every input norm measures the same slope.
/// Shares nothing with the engines but the layers' matrices and biases (<see cref="ExactNetwork"/>).
/// </summary>
public static class OneInputOracle
{
    public static Rational ScalarConstant(NeuralNetwork network, double lo, double hi, double[] c)
    {
        var exact = ExactNetwork.From(network);
        if (exact.InputSize != 1)
        {
            throw new ArgumentException("The one-input oracle takes networks with one input.");
        }

        // Each piece: its ends and, for every value of the current layer, slope and offset.
        var pieces = new List<(Rational From, Rational To, Rational[] Slope, Rational[] Offset)>
        {
            (Rational.FromDouble(lo), Rational.FromDouble(hi), [Rational.One], [Rational.Zero]),
        };
        foreach (var step in exact.Steps)
        {
            pieces = step.IsRelu ? pieces.SelectMany(p => Relu(p, step.NegativeSlope)).ToList() : pieces.Select(p => Affine(p, step)).ToList();
        }

        var weights = c.Select(Rational.FromDouble).ToArray();
        var best = Rational.Zero;
        foreach (var piece in pieces)
        {
            var slope = Rational.Zero;
            for (var j = 0; j < weights.Length; j++)
            {
                slope += weights[j] * piece.Slope[j];
            }

            best = Rational.Max(best, Rational.Abs(slope));
        }

        return best;
    }

    private static (Rational, Rational, Rational[], Rational[]) Affine((Rational From, Rational To, Rational[] Slope, Rational[] Offset) piece, ExactStep step)
    {
        var w = step.Weights!;
        var slope = new Rational[w.Length];
        var offset = new Rational[w.Length];
        for (var i = 0; i < w.Length; i++)
        {
            offset[i] = step.Bias[i];
            for (var k = 0; k < w[i].Length; k++)
            {
                slope[i] += w[i][k] * piece.Slope[k];
                offset[i] += w[i][k] * piece.Offset[k];
            }
        }

        return (piece.From, piece.To, slope, offset);
    }

    /// <summary>Cuts a piece at every zero inside it, then multiplies the values that are negative on each part by α (0 for ReLU).</summary>
    private static IEnumerable<(Rational, Rational, Rational[], Rational[])> Relu((Rational From, Rational To, Rational[] Slope, Rational[] Offset) piece, Rational alpha)
    {
        var cuts = new SortedSet<Rational>(Comparer<Rational>.Create((a, b) => a.CompareTo(b))) { piece.From, piece.To };
        for (var i = 0; i < piece.Slope.Length; i++)
        {
            if (!piece.Slope[i].IsZero)
            {
                var root = -piece.Offset[i] / piece.Slope[i];
                if (root > piece.From && root < piece.To)
                {
                    cuts.Add(root);
                }
            }
        }

        var ends = cuts.ToArray();
        for (var k = 0; k + 1 < ends.Length; k++)
        {
            var middle = (ends[k] + ends[k + 1]) / Rational.Of(2);
            var slope = new Rational[piece.Slope.Length];
            var offset = new Rational[piece.Slope.Length];
            for (var i = 0; i < slope.Length; i++)
            {
                // Positive at the middle of a part with no zero inside: positive on all of it.
                (slope[i], offset[i]) = (piece.Slope[i] * middle) + piece.Offset[i] > Rational.Zero
                    ? (piece.Slope[i], piece.Offset[i])
                    : (alpha * piece.Slope[i], alpha * piece.Offset[i]);
            }

            yield return (ends[k], ends[k + 1], slope, offset);
        }
    }
}

using ExactLip.Core;
using ExactLip.Encoding;
using ExactLip.Network;

namespace ExactLip.Certify;

/// <summary>A point of the box, the output weights used there, and the value attained.</summary>
public sealed record PointValue(double[] X, double[] C, double Value)
{
    /// <summary>The activation region X is proven to lie in; empty when the value is not from a proven point.</summary>
    public IReadOnlyList<string> Pattern { get; init; } = Array.Empty<string>();

    /// <summary>The plain float64 value at the point the search compared (the value before its proof).</summary>
    public double PlainValue { get; init; } = double.NegativeInfinity;
}

/// <summary>
/// Finds a good point before the MIP starts: uniform samples of the box, its centre and
/// corners along the way, then a local search on the value itself.
/// Implementation note: the gradient norm of a ReLU network is piecewise constant, so gradient
/// ascent on it stalls (its gradient is zero almost everywhere). The local search therefore
/// moves coordinates to random points of shrinking neighbourhoods and to the box faces and
/// keeps strict improvements. Every value it compares and reports has passed
/// <see cref="WitnessProof"/> (a point proven inside a region, or moved into one off a kink), so it
/// is a certified lower bound; its second use is to seed the MIP.
/// </summary>
public static class StartingPointSearch
{
    public static PointValue Run(
        NeuralNetwork network,
        Box box,
        LipschitzQuantity quantity,
        OutputWeights weights,
        int samples,
        int localSteps,
        int seed,
        CancellationToken cancellationToken)
    {
        var rng = new Random(seed);
        var center = box.Center();
        var best = Evaluate(network, box, quantity, weights, center);
        for (var s = 0; s < samples && !cancellationToken.IsCancellationRequested; s++)
        {
            var x = new double[box.Dimension];
            for (var i = 0; i < x.Length; i++)
            {
                // A third of the samples sit on faces: maxima of piecewise linear maps are often there.
                x[i] = (s % 3) switch
                {
                    0 => rng.Next(2) == 0 ? box.Lo(i) : box.Hi(i),
                    _ => box.Lo(i) + (rng.NextDouble() * box.Width(i)),
                };
            }

            if (Improves(network, box, quantity, weights, x, best) is { } better)
            {
                best = better;
            }
        }

        return LocalSearch(network, box, quantity, weights, best, localSteps, rng, cancellationToken);
    }

    /// <summary>
    /// The proven value at x (or, off a kink, at a nearby point of the box, which the result names);
    /// value 0 at x when no nearby point could be proven interior.
    /// </summary>
    /// <param name="weightsAtX">The output weights at x when the caller has them already.</param>
    public static PointValue Evaluate(NeuralNetwork network, Box box, LipschitzQuantity quantity, OutputWeights weights, double[] x, double[]? weightsAtX = null)
    {
        Func<double[], double[]> weightsAt = weights.Fixed is { } c ? _ => c : y => quantity.ValueAt(network, y, weights).C;
        var proven = WitnessProof.Near(network, quantity, box, x, weightsAt, weightsAtX);
        return proven is null ? new PointValue(x, weightsAtX ?? weightsAt(x), 0) : new PointValue(proven.X, proven.C, proven.Value) { Pattern = proven.Pattern };
    }

    /// <summary>
    /// The proven value at x when its plain float64 value beats <paramref name="best"/>, else null:
    /// only candidates that could raise the bound pay for a proof.
    /// </summary>
    private static PointValue? Improves(NeuralNetwork network, Box box, LipschitzQuantity quantity, OutputWeights weights, double[] x, PointValue best)
    {
        // Compared in plain values: a point of the best point's region has its plain value, a few
        // ulps above the proven one, and proving it again would gain nothing.
        var (plain, c) = quantity.ValueAt(network, x, weights);
        if (plain <= best.PlainValue)
        {
            return null;
        }

        var proven = Evaluate(network, box, quantity, weights, x, c);
        // A point moved off a kink has its own plain value, unknown here: screen by the proven one.
        return proven.Value > best.Value ? proven with { PlainValue = proven.X.AsSpan().SequenceEqual(x) ? plain : proven.Value } : null;
    }

    private static PointValue LocalSearch(
        NeuralNetwork network,
        Box box,
        LipschitzQuantity quantity,
        OutputWeights weights,
        PointValue start,
        int steps,
        Random rng,
        CancellationToken cancellationToken)
    {
        var best = start;
        var radius = 0.25;
        var n = box.Dimension;
        for (var step = 0; step < steps && !cancellationToken.IsCancellationRequested; step++)
        {
            var x = (double[])best.X.Clone();
            if (step % 4 == 0)
            {
                // Move one coordinate to a face.
                var i = rng.Next(n);
                x[i] = rng.Next(2) == 0 ? box.Lo(i) : box.Hi(i);
            }
            else
            {
                var moved = Math.Max(1, n / 4);
                for (var k = 0; k < moved; k++)
                {
                    var i = rng.Next(n);
                    x[i] += (rng.NextDouble() * 2 - 1) * radius * box.Width(i);
                }

                box.Clamp(x);
            }

            if (Improves(network, box, quantity, weights, x, best) is { } better)
            {
                best = better;
            }
            else if (step % 20 == 19)
            {
                radius = Math.Max(radius * 0.7, 1e-4);
            }
        }

        return best;
    }
}

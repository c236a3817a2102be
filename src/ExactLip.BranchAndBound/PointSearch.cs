using ExactLip.Core;

namespace ExactLip.BranchAndBound;

/// <summary>
/// Lower bounds before the search: the box's centre, uniform samples (a third on faces), then a
/// local search that moves coordinates within shrinking neighbourhoods and to the faces.
/// Implementation note: the value of a ReLU network's gradient norm is piecewise constant, so
/// ascent on it stalls; moves are kept when they strictly improve. Every value is computed by
/// the plain evaluator at a point of the box, so each is a certified lower bound.
/// </summary>
internal static class PointSearch
{
    public static (double[] X, double Value, double[] C) Run(
        Box box,
        Func<double[], (double Value, double[] C)> evaluate,
        int samples,
        int steps,
        int seed,
        CancellationToken cancel)
    {
        var rng = new Random(seed);
        var bestX = box.Center();
        var (bestValue, bestC) = evaluate(bestX);
        for (var s = 0; s < samples && !cancel.IsCancellationRequested; s++)
        {
            var x = new double[box.Dimension];
            for (var i = 0; i < x.Length; i++)
            {
                x[i] = s % 3 == 0
                    ? (rng.Next(2) == 0 ? box.Lo(i) : box.Hi(i))
                    : box.Lo(i) + (rng.NextDouble() * box.Width(i));
            }

            var (v, c) = evaluate(x);
            if (v > bestValue)
            {
                (bestX, bestValue, bestC) = (x, v, c);
            }
        }

        var radius = 0.25;
        var n = box.Dimension;
        for (var step = 0; step < steps && !cancel.IsCancellationRequested && n > 0; step++)
        {
            var x = (double[])bestX.Clone();
            if (step % 4 == 0)
            {
                var i = rng.Next(n);
                x[i] = rng.Next(2) == 0 ? box.Lo(i) : box.Hi(i);
            }
            else
            {
                for (var k = 0; k < Math.Max(1, n / 4); k++)
                {
                    var i = rng.Next(n);
                    x[i] += ((rng.NextDouble() * 2) - 1) * radius * box.Width(i);
                }

                box.Clamp(x);
            }

            var (v, c) = evaluate(x);
            if (v > bestValue)
            {
                (bestX, bestValue, bestC) = (x, v, c);
            }
            else if (step % 20 == 19)
            {
                radius = Math.Max(radius * 0.7, 1e-4);
            }
        }

        return (bestX, bestValue, bestC);
    }
}

namespace ExactLip.Estimators;

/// <summary>
/// Maximum-likelihood fit of a reverse Weibull distribution (scipy's weibull_max) to sample
/// maxima: m = μ − Y with Y ~ Weibull(shape k, scale λ), so μ is the right end of the support —
/// CLEVER's estimate of the largest gradient norm.
/// Implementation note: the likelihood is profiled over the location μ = max(m) + δ: for each δ
/// the two-parameter Weibull MLE of Y = μ − m is solved for k by bisection on its score equation
/// (λ follows in closed form), and δ is searched on a log grid and refined by golden section.
/// The shape is kept at k ≥ 1, where the likelihood is bounded (for k &lt; 1 it grows without
/// limit as δ → 0 and the "fit" is just the sample maximum).
/// </summary>
public static class ReverseWeibull
{
    /// <summary>The fitted location, shape and scale.</summary>
    public static (double Location, double Shape, double Scale) Fit(IReadOnlyList<double> maxima)
    {
        var top = maxima.Max();
        var spread = top - maxima.Min();
        if (maxima.Count < 3 || spread <= 1e-12 * Math.Max(Math.Abs(top), 1e-300))
        {
            return (top, double.PositiveInfinity, 0);
        }

        double LogLik(double logDelta) => Profile(maxima, top + Math.Exp(logDelta)).LogLik;

        // Log grid over δ from 1e-4 to 10 times the spread of the maxima, then golden section.
        var lo = Math.Log(spread * 1e-4);
        var hi = Math.Log(spread * 10);
        var best = lo;
        var bestValue = double.NegativeInfinity;
        const int grid = 40;
        for (var g = 0; g <= grid; g++)
        {
            var t = lo + ((hi - lo) * g / grid);
            var v = LogLik(t);
            if (v > bestValue)
            {
                bestValue = v;
                best = t;
            }
        }

        var step = (hi - lo) / grid;
        double a = Math.Max(lo, best - step), b = Math.Min(hi, best + step);
        var phi = (Math.Sqrt(5) - 1) / 2;
        for (var it = 0; it < 40; it++)
        {
            var c = b - (phi * (b - a));
            var d = a + (phi * (b - a));
            if (LogLik(c) >= LogLik(d))
            {
                b = d;
            }
            else
            {
                a = c;
            }
        }

        var location = top + Math.Exp(0.5 * (a + b));
        var fit = Profile(maxima, location);
        return (location, fit.Shape, fit.Scale);
    }

    private static (double LogLik, double Shape, double Scale) Profile(IReadOnlyList<double> maxima, double location)
    {
        var y = maxima.Select(m => location - m).ToArray();
        var logs = y.Select(v => Math.Log(v)).ToArray();
        var meanLog = logs.Average();

        // Score equation in k: Σ y^k ln y / Σ y^k − 1/k − mean(ln y) = 0, increasing in k.
        double Score(double k)
        {
            // Scaled by the largest y so y^k never overflows.
            var yMax = y.Max();
            double s0 = 0, s1 = 0;
            for (var i = 0; i < y.Length; i++)
            {
                var w = Math.Pow(y[i] / yMax, k);
                s0 += w;
                s1 += w * logs[i];
            }

            return (s1 / s0) - (1 / k) - meanLog;
        }

        double lo = 1, hi = 1000;
        double shape;
        if (Score(lo) >= 0)
        {
            shape = lo;
        }
        else if (Score(hi) <= 0)
        {
            shape = hi;
        }
        else
        {
            for (var it = 0; it < 60; it++)
            {
                var mid = Math.Sqrt(lo * hi);
                if (Score(mid) < 0)
                {
                    lo = mid;
                }
                else
                {
                    hi = mid;
                }
            }

            shape = Math.Sqrt(lo * hi);
        }

        var scale = Math.Pow(y.Average(v => Math.Pow(v, shape)), 1 / shape);
        var n = y.Length;
        var logLik = (n * Math.Log(shape)) - (n * shape * Math.Log(scale)) + ((shape - 1) * logs.Sum()) - y.Sum(v => Math.Pow(v / scale, shape));
        return (logLik, shape, scale);
    }
}

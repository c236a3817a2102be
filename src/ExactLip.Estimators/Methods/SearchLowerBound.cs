using System.Diagnostics;

namespace ExactLip.Estimators.Methods;

/// <summary>
/// A stronger search for a certified lower bound: random samples, then projected sign-gradient
/// walks across the box, then simulated annealing on the gradient norm itself, recording the
/// norm at every iterate. Every recorded value is attained at a point of the box, so the maximum is a
/// certified local lower bound. Deterministic for a given seed.
/// Implementation note: the gradient norm of a ReLU network is piecewise constant, so ascending
/// it stalls (its gradient is 0 almost everywhere). The walks instead follow
/// x ← Π_B(x ± α·r⊙sign(∇(cᵀf)(x))) — an attack direction that crosses many linear regions —
/// with c the quantity's weights or a random output direction; annealing then perturbs the best
/// point with shrinking Gaussian steps and accepts worse values with a falling probability.
/// </summary>
public sealed class SearchLowerBound : ILipschitzEstimator
{
    private readonly int _walks;
    private readonly int _steps;
    private readonly int _annealSteps;
    private readonly int _samples;

    public SearchLowerBound(int walks = 16, int steps = 40, int annealSteps = 600, int samples = 256)
    {
        _samples = samples;
        _walks = walks;
        _steps = steps;
        _annealSteps = annealSteps;
    }

    public string Name => "pgd";

    public string Summary => $"{_samples} random points, {_walks} projected sign-gradient walks of {_steps} steps and {_annealSteps} annealing steps, norm recorded at every iterate (certified local lower bound)";

    public string? Refusal(EstimationProblem problem) => null;

    public Estimate Run(EstimationProblem problem, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var rng = new Random(problem.Seed);
        var box = problem.Box;
        var network = problem.Network;
        var radius = box.Radius();
        var best = 0.0;
        double[] bestX = box.Center();
        var evaluations = 0;

        double Record(double[] x)
        {
            evaluations++;
            var v = PointNorms.ValueAt(network, x, problem.Quantity) ?? 0;
            if (v > best)
            {
                best = v;
                bestX = (double[])x.Clone();
            }

            return v;
        }

        // A sampling phase first: where the gradient vanishes on most of the box, walks that start
        // there never move, and the samples find the live part.
        for (var s = 0; s < _samples; s++)
        {
            Record(PointNorms.Sample(box, rng));
        }

        for (var w = 0; w < _walks; w++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Half the walks start at the best point so far, half at fresh random points.
            var x = w % 2 == 0 ? (double[])bestX.Clone() : PointNorms.Sample(box, rng);
            var c = problem.Quantity.C is { } fixedC
                ? fixedC.Select(v => ((w / 2) % 2 == 0 ? 1 : -1) * v).ToArray()
                : Enumerable.Range(0, network.OutputSize).Select(_ => rng.NextDouble() < 0.5 ? -1.0 : 1.0).ToArray();
            var alpha = 0.05 + (0.2 * rng.NextDouble());
            for (var t = 0; t < _steps; t++)
            {
                Record(x);
                var g = network.Gradient(x, c);
                for (var i = 0; i < x.Length; i++)
                {
                    x[i] += alpha * radius[i] * Math.Sign(g[i]);
                }

                box.Clamp(x);
            }

            Record(x);
        }

        // Annealing from the best point found.
        var current = (double[])bestX.Clone();
        var currentValue = best;
        for (var t = 0; t < _annealSteps; t++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var progress = (double)t / Math.Max(1, _annealSteps);
            var step = 0.3 * (1 - progress) + 0.01;
            var candidate = new double[current.Length];
            for (var i = 0; i < candidate.Length; i++)
            {
                candidate[i] = current[i] + (step * radius[i] * Normal(rng));
            }

            box.Clamp(candidate);
            var v = Record(candidate);
            var temperature = 0.05 * (1 - progress) * Math.Max(best, 1e-12);
            if (v >= currentValue || (temperature > 0 && rng.NextDouble() < Math.Exp((v - currentValue) / temperature)))
            {
                current = candidate;
                currentValue = v;
            }
        }

        return new Estimate(Name, EstimateKind.Lower, EstimateScope.Local, false, MeasuredNorm.Native(problem.Quantity), best, clock.Elapsed.TotalSeconds, $"{evaluations} points visited, seed {problem.Seed}");
    }

    private static double Normal(Random rng)
    {
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}

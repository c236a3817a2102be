using System.Diagnostics;

namespace ExactLip.Estimators.Methods;

/// <summary>
/// RandomLB: the largest gradient (Jacobian) norm over uniform random points of the box. Each
/// value is attained inside a linear region of the network, so the maximum is a certified local
/// lower bound. Deterministic for a given seed.
/// </summary>
public sealed class RandomLowerBound : ILipschitzEstimator
{
    public const int DefaultSamples = 1000;

    private readonly int _samples;

    public RandomLowerBound(int samples = DefaultSamples)
    {
        _samples = samples;
    }

    public string Name => "randomlb";

    public string Summary => $"largest gradient norm over {_samples} random points of the box (certified local lower bound)";

    public string? Refusal(EstimationProblem problem) => null;

    public Estimate Run(EstimationProblem problem, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var rng = new Random(problem.Seed);
        double best = 0;
        var used = 0;
        for (var s = 0; s < _samples; s++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (PointNorms.ValueAt(problem.Network, PointNorms.Sample(problem.Box, rng), problem.Quantity) is { } v)
            {
                best = Math.Max(best, v);
                used++;
            }
        }

        return new Estimate(Name, EstimateKind.Lower, EstimateScope.Local, false, MeasuredNorm.Native(problem.Quantity), best, clock.Elapsed.TotalSeconds, $"{used} random points, seed {problem.Seed}");
    }
}

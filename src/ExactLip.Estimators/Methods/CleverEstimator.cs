using System.Diagnostics;

namespace ExactLip.Estimators.Methods;

/// <summary>
/// CLEVER (Weng et al. 2018): the largest gradient norm in each of several batches of random
/// points of the box, a reverse-Weibull fit to those batch maxima, and the fitted location (the
/// right end of the support) as the estimate. An extreme-value extrapolation with no guarantee
/// in either direction: labelled heuristic. Deterministic for a given seed.
/// </summary>
public sealed class CleverEstimator : ILipschitzEstimator
{
    private readonly int _batches;
    private readonly int _batchSize;

    public CleverEstimator(int batches = 50, int batchSize = 64)
    {
        _batches = batches;
        _batchSize = batchSize;
    }

    public string Name => "clever";

    public string Summary => $"reverse-Weibull fit to {_batches} batch maxima of {_batchSize} random gradient norms (heuristic)";

    public string? Refusal(EstimationProblem problem) => null;

    public Estimate Run(EstimationProblem problem, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var rng = new Random(problem.Seed);
        var maxima = new List<double>();
        for (var b = 0; b < _batches; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            double best = 0;
            for (var s = 0; s < _batchSize; s++)
            {
                if (PointNorms.ValueAt(problem.Network, PointNorms.Sample(problem.Box, rng), problem.Quantity) is { } v)
                {
                    best = Math.Max(best, v);
                }
            }

            maxima.Add(best);
        }

        var (location, shape, _) = ReverseWeibull.Fit(maxima);
        var detail = $"{_batches}×{_batchSize} samples, seed {problem.Seed}, Weibull shape {shape:G4}, largest sample {maxima.Max():G7}";
        return new Estimate(Name, EstimateKind.Heuristic, EstimateScope.Local, false, MeasuredNorm.Native(problem.Quantity), location, clock.Elapsed.TotalSeconds, detail);
    }
}

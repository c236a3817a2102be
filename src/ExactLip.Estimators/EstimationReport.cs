using ExactLip.Core;

namespace ExactLip.Estimators;

/// <summary>What a run of several estimators produced, and which were skipped and why.</summary>
public sealed record EstimationReport(IReadOnlyList<Estimate> Estimates, IReadOnlyList<(string Method, string Reason)> Skipped)
{
    /// <summary>
    /// Runs every selected estimator on the problem. With an explicit selection, an estimator that
    /// refuses the problem is a user error (its sentence); otherwise it is skipped.
    /// </summary>
    public static EstimationReport Run(EstimatorSelection selection, EstimationProblem problem, CancellationToken cancellationToken, Action<Estimate>? onEstimate = null)
    {
        var refusals = selection.Estimators.Select(e => (Estimator: e, Reason: e.Refusal(problem))).ToArray();
        if (selection.Explicit && refusals.FirstOrDefault(r => r.Reason is not null) is { Reason: { } reason })
        {
            throw new ExactLipException(reason);
        }

        var estimates = new List<Estimate>();
        var skipped = new List<(string, string)>();
        foreach (var (estimator, refusal) in refusals)
        {
            if (refusal is not null)
            {
                skipped.Add((estimator.Name, refusal));
                continue;
            }

            if (cancellationToken.IsCancellationRequested)
            {
                skipped.Add((estimator.Name, "interrupted before it ran."));
                continue;
            }

            try
            {
                var estimate = estimator.Run(problem, cancellationToken);
                estimates.Add(estimate);
                onEstimate?.Invoke(estimate);
            }
            catch (OperationCanceledException)
            {
                skipped.Add((estimator.Name, "interrupted while it ran."));
            }
        }

        return new EstimationReport(estimates, skipped);
    }
}

namespace ExactLip.Estimators;

/// <summary>
/// One way of estimating a Lipschitz constant. Implementations are stateless; each names what its
/// value promises (kind and scope) before it runs, so tables can be laid out up front.
/// </summary>
public interface ILipschitzEstimator
{
    /// <summary>The name users type after --methods, e.g. "autolip".</summary>
    string Name { get; }

    /// <summary>One line for help texts and docs.</summary>
    string Summary { get; }

    /// <summary>
    /// Null when the estimator can handle the problem (its norms and its network); otherwise one
    /// sentence saying why not and what would work.
    /// </summary>
    string? Refusal(EstimationProblem problem);

    /// <summary>Runs the estimator. Call only when <see cref="Refusal"/> is null.</summary>
    Estimate Run(EstimationProblem problem, CancellationToken cancellationToken);
}

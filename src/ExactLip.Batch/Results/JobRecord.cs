using ExactLip.Certify;

namespace ExactLip.Batch.Results;

/// <summary>
/// One finished job as the results database holds it: one row of the results table and its
/// bound history.
/// </summary>
/// <param name="Line">Line of the job in the job file.</param>
/// <param name="JobHash">The job's hash; with the line, the key of the row.</param>
/// <param name="Id">The job's id (its line number unless the job names one).</param>
/// <param name="Model">The model's full path, when the line names one.</param>
/// <param name="Job">The job line as written.</param>
/// <param name="Status">certify's status (exact, bounds) or "failed".</param>
/// <param name="Stop">certify's stop reason (optimal, time_limit, interrupted, solver_failed) or "error".</param>
/// <param name="Value">The exact value, when the bounds met.</param>
/// <param name="Lower">Certified lower bound, when the job ran.</param>
/// <param name="Upper">Certified upper bound, when finite.</param>
/// <param name="Seconds">Wall-clock time of the job.</param>
/// <param name="Error">Why the job failed (one sentence), or null.</param>
/// <param name="Result">The full result: certify's JSON object, or the error as JSON.</param>
/// <param name="History">Bound history: (seconds, lower = primal, upper = dual) of the maximisation.</param>
/// <param name="FinishedUtc">When the job ended.</param>
public sealed record JobRecord(
    int Line,
    string JobHash,
    string Id,
    string? Model,
    string Job,
    string Status,
    string Stop,
    double? Value,
    double? Lower,
    double? Upper,
    double Seconds,
    string? Error,
    string Result,
    IReadOnlyList<BoundPoint> History,
    DateTime FinishedUtc)
{
    public const string Failed = "failed";
    public const string ErrorStop = "error";
    public const string InterruptedStop = "interrupted";
}

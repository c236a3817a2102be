using ExactLip.Certify;

namespace ExactLip.Batch.Running;

/// <summary>What a job that ran produced: the columns of its row, its full result as JSON and its bound history.</summary>
public sealed record JobOutcome(
    string Status,
    string Stop,
    double? Value,
    double Lower,
    double? Upper,
    double Seconds,
    string ResultJson,
    IReadOnlyList<BoundPoint> History);

namespace ExactLip.Batch.Running;

/// <summary>How a batch run ended.</summary>
/// <param name="Total">Jobs in this shard of the job file.</param>
/// <param name="RecordedEarlier">Jobs the database already held.</param>
/// <param name="Completed">Jobs that ran to their end (exact or bounds at their time limit).</param>
/// <param name="Failed">Jobs recorded as failed.</param>
/// <param name="Interrupted">Jobs stopped by Ctrl-C and recorded with their bounds so far.</param>
/// <param name="NotStarted">Jobs left for the next run.</param>
public sealed record BatchSummary(int Total, int RecordedEarlier, int Completed, int Failed, int Interrupted, int NotStarted)
{
    /// <summary>True when every job of the shard has a finished row.</summary>
    public bool Complete => Interrupted == 0 && NotStarted == 0;
}

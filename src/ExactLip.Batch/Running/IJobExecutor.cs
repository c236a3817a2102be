using ExactLip.Batch.Jobs;
using ExactLip.Certify;

namespace ExactLip.Batch.Running;

/// <summary>
/// Runs one job. Throws <see cref="ExactLip.Core.ExactLipException"/> for a job a user got wrong
/// (the message goes into the failed row); a cancelled job returns its bounds so far.
/// Called from several threads at once when the batch runs jobs in parallel.
/// </summary>
public interface IJobExecutor
{
    JobOutcome Run(BatchJob job, IProgress<CertifyProgress> progress, CancellationToken cancellationToken);

    /// <summary>Called once the job's row is committed (e.g. to drop what resuming it needed); nothing by default.</summary>
    void Recorded(BatchJob job, Results.JobRecord record)
    {
    }
}

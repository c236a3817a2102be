using ExactLip.Certify;

namespace ExactLip.Batch.Running;

/// <summary>One running job in a <see cref="BatchSnapshot"/>: its latest progress, if it reported any.</summary>
public sealed record RunningJob(string Id, int Line, TimeSpan Elapsed, CertifyProgress? Progress);

/// <summary>
/// The state of a batch at one moment. <see cref="Total"/> = <see cref="RecordedEarlier"/> +
/// <see cref="Done"/> + running + <see cref="Left"/>.
/// </summary>
/// <param name="Total">Jobs in this shard of the job file.</param>
/// <param name="RecordedEarlier">Jobs skipped because the database already holds them.</param>
/// <param name="Done">Jobs finished and recorded by this run (failed and interrupted ones included).</param>
/// <param name="Failed">Of those, the failed ones.</param>
/// <param name="Running">The jobs running now.</param>
/// <param name="Left">Jobs not started yet.</param>
public sealed record BatchSnapshot(int Total, int RecordedEarlier, int Done, int Failed, IReadOnlyList<RunningJob> Running, int Left);

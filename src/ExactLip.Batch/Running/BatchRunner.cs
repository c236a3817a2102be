using System.Diagnostics;
using System.Text.Json.Nodes;
using ExactLip.Batch.Jobs;
using ExactLip.Batch.Results;
using ExactLip.Certify;
using ExactLip.Core;

namespace ExactLip.Batch.Running;

/// <summary>
/// Runs the jobs of a batch that the database does not hold yet, on up to N threads, and
/// records each one the moment it ends.
/// Implementation note: a job is the unit of both work and recording. Nothing about a job is
/// written before it ends, so a killed process leaves only whole jobs behind and a rerun starts
/// every unrecorded job afresh. A job that cannot run (a bad line, a missing model, an operator
/// ExactLip does not support) is recorded as failed with its one-sentence reason and the
/// others go on. Cancellation (Ctrl-C) stops handing out jobs and reaches the running solves,
/// which end with their bounds so far and are recorded as interrupted; a rerun redoes those
/// (a branch-and-bound job from its checkpoint, when the executor keeps one: <see cref="JobCertifier"/>).
/// A database that cannot be written stops the whole batch: results that cannot be kept are
/// not worth computing. Workers are dedicated threads because a job holds a core for its
/// whole length and GLPK keeps its state per thread.
/// </summary>
public sealed class BatchRunner
{
    private readonly IReadOnlyList<BatchJob> _jobs;
    private readonly ResultsStore _store;
    private readonly IJobExecutor _executor;
    private readonly int _parallel;
    private readonly object _gate = new();
    private readonly Dictionary<BatchJob, RunningState> _running = new();
    private IReadOnlyList<BatchJob> _pending = Array.Empty<BatchJob>();
    private int _next;
    private int _recordedEarlier;
    private int _completed;
    private int _failed;
    private int _interrupted;
    private Exception? _fatal;

    public BatchRunner(IReadOnlyList<BatchJob> jobs, ResultsStore store, IJobExecutor executor, int parallel)
    {
        _jobs = jobs;
        _store = store;
        _executor = executor;
        _parallel = parallel >= 1 ? parallel : throw new ExactLipException($"The number of jobs run at once must be at least 1, but it is {parallel}.");
    }

    /// <summary>Called after each job is recorded (on the worker's thread).</summary>
    public Action<JobRecord>? Finished { get; init; }

    public BatchSummary Run(CancellationToken cancellationToken)
    {
        var finished = _store.Finished();
        lock (_gate)
        {
            _pending = _jobs.Where(j => !finished.Contains((j.Line, j.Hash))).ToArray();
            _recordedEarlier = _jobs.Count - _pending.Count;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var workers = Enumerable.Range(0, Math.Min(_parallel, _pending.Count))
            .Select(i => new Thread(() => Work(stop)) { IsBackground = true, Name = $"batch-worker-{i}" })
            .ToArray();
        foreach (var worker in workers)
        {
            worker.Start();
        }

        foreach (var worker in workers)
        {
            worker.Join();
        }

        if (_fatal is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(_fatal).Throw();
        }

        lock (_gate)
        {
            return new BatchSummary(_jobs.Count, _recordedEarlier, _completed, _failed, _interrupted, _pending.Count - Math.Min(_next, _pending.Count));
        }
    }

    public BatchSnapshot Snapshot()
    {
        lock (_gate)
        {
            var running = _running.Select(kv => new RunningJob(kv.Key.Id, kv.Key.Line, kv.Value.Clock.Elapsed, kv.Value.Latest)).OrderBy(r => r.Line).ToArray();
            var started = Math.Min(_next, _pending.Count);
            return new BatchSnapshot(_jobs.Count, _recordedEarlier, _completed + _failed + _interrupted, _failed, running, _pending.Count - started);
        }
    }

    private void Work(CancellationTokenSource stop)
    {
        while (!stop.IsCancellationRequested)
        {
            BatchJob job;
            var state = new RunningState();
            lock (_gate)
            {
                // Checked under the lock, so no job starts after the batch was told to stop.
                if (stop.IsCancellationRequested || _next >= _pending.Count)
                {
                    return;
                }

                job = _pending[_next++];
                _running[job] = state;
            }

            var record = Execute(job, state, stop.Token);
            try
            {
                _store.Write(record);
            }
            catch (Exception e)
            {
                lock (_gate)
                {
                    _fatal ??= e;
                    _running.Remove(job);
                }

                stop.Cancel();
                return;
            }

            _executor.Recorded(job, record);
            lock (_gate)
            {
                _running.Remove(job);
                if (record.Status == JobRecord.Failed)
                {
                    _failed++;
                }
                else if (record.Stop == JobRecord.InterruptedStop)
                {
                    _interrupted++;
                }
                else
                {
                    _completed++;
                }
            }

            Finished?.Invoke(record);
        }
    }

    private JobRecord Execute(BatchJob job, RunningState state, CancellationToken cancel)
    {
        if (job.Problem is not null)
        {
            return Failure(job, job.Problem, state.Clock);
        }

        try
        {
            var outcome = _executor.Run(job, state, cancel);
            return new JobRecord(job.Line, job.Hash, job.Id, job.Model, job.Text, outcome.Status, outcome.Stop, outcome.Value, outcome.Lower, outcome.Upper, outcome.Seconds, null, outcome.ResultJson, outcome.History, DateTime.UtcNow);
        }
        catch (ExactLipException e)
        {
            return Failure(job, e.Message, state.Clock);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug met by one job must not cost the others their results.
            return Failure(job, $"Internal error ({e.GetType().Name}): {e.Message}", state.Clock);
        }
    }

    private static JobRecord Failure(BatchJob job, string message, Stopwatch clock)
    {
        var result = new JsonObject
        {
            ["status"] = JobRecord.Failed,
            ["stop"] = JobRecord.ErrorStop,
            ["error"] = message,
            ["model"] = job.Model,
        };
        return new JobRecord(job.Line, job.Hash, job.Id, job.Model, job.Text, JobRecord.Failed, JobRecord.ErrorStop, null, null, null, clock.Elapsed.TotalSeconds, message, result.ToJsonString(), Array.Empty<BoundPoint>(), DateTime.UtcNow);
    }

    /// <summary>A running job's clock and latest progress (reports arrive on solver threads).</summary>
    private sealed class RunningState : IProgress<CertifyProgress>
    {
        private CertifyProgress? _latest;

        public Stopwatch Clock { get; } = Stopwatch.StartNew();

        public CertifyProgress? Latest => Volatile.Read(ref _latest);

        public void Report(CertifyProgress value) => Volatile.Write(ref _latest, value);
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using ExactLip.Batch.Jobs;
using ExactLip.Batch.Results;
using ExactLip.BranchAndBound.Checkpoints;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Engines;

namespace ExactLip.Batch.Running;

/// <summary>
/// Runs a batch job as certify would run the same options: its fields are read into a request
/// (<see cref="JobRequest"/>) and certified by the engine <see cref="EngineChoice"/> picks, the one
/// certify uses. Each job gets its own engine and back end: jobs run on several threads at once.
/// A branch-and-bound or portfolio job saves its (branch and bound's) search to a checkpoint file in <see cref="CheckpointFolder"/>
/// (named by its line and hash) as certify --checkpoint does, so a batch resumed after a kill or
/// an interrupt resumes its running jobs instead of restarting them; the file is deleted once the
/// job's row is committed. A checkpoint that no longer fits its job (the model file changed) or
/// is damaged is set aside and the job starts afresh, with a note saying so.
/// </summary>
public sealed class JobCertifier : IJobExecutor
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Func<CertifiedJob, JsonObject> _record;
    private readonly Func<CertifiedJob, Certificate>? _review;
    private readonly int _coresPerJob;

    /// <param name="record">The JSON result of a certified job (certify's own JSON in the batch command; <see cref="Summary"/> without one).</param>
    /// <param name="jobsAtOnce">
    /// Jobs the batch runs at once: a branch-and-bound job without its own threads then gets an
    /// equal share of the cores rather than all of them, so the jobs do not oversubscribe them.
    /// </param>
    /// <param name="review">
    /// A check of the certificate against the model file before it is recorded, as certify makes
    /// (its ONNX Runtime cross-check of the witness); it may add notes and demote the status.
    /// </param>
    public JobCertifier(Func<CertifiedJob, JsonObject>? record = null, int jobsAtOnce = 1, Func<CertifiedJob, Certificate>? review = null)
    {
        _record = record ?? Summary;
        _review = review;
        _coresPerJob = Math.Max(1, Environment.ProcessorCount / Math.Max(1, jobsAtOnce));
    }

    /// <summary>The folder of the jobs' checkpoint files (created when first needed), or null for none.</summary>
    public string? CheckpointFolder { get; init; }

    /// <summary>How often a job's checkpoint is saved (default <see cref="SearchCheckpoint.DefaultInterval"/>).</summary>
    public TimeSpan? CheckpointInterval { get; init; }

    /// <summary>Called when a job resumes a checkpoint, before it runs (on the worker's thread).</summary>
    public Action<BatchJob, FrontierState>? Resumed { get; init; }

    public JobOutcome Run(BatchJob job, IProgress<CertifyProgress> progress, CancellationToken cancellationToken)
    {
        var read = JobRequest.Read(job, _coresPerJob);
        var engine = EngineChoice.Create(read.Method, read.Settings);
        var (checkpoint, setAside) = OpenCheckpoint(job, read);
        if (checkpoint?.Resume is { } resumed)
        {
            Resumed?.Invoke(job, resumed);
        }

        var request = read.Request with { Progress = progress, CancellationToken = cancellationToken, Checkpoint = checkpoint };
        var certificate = engine.Certify(request);
        if (setAside is not null)
        {
            certificate = certificate with { Notes = [.. certificate.Notes, setAside] };
        }

        if (_review is not null)
        {
            certificate = _review(new CertifiedJob(certificate, read.ModelPath, request));
        }

        var result = _record(new CertifiedJob(certificate, read.ModelPath, request));
        // What certify's record leaves out but reproducing the job needs.
        result["method"] = engine.Method.Name();
        result["seed"] = request.Options.Seed;
        result["threads"] = request.Options.Threads;
        result["job"] = new JsonObject { ["id"] = job.Id, ["line"] = job.Line, ["hash"] = job.Hash };
        result["certify_arguments"] = new JsonArray(["exactlip", "certify", .. job.Arguments.Select(a => (JsonNode)JsonValue.Create(a))]);
        return new JobOutcome(
            certificate.Status.Name(),
            certificate.Stop.Name(),
            certificate.Value,
            certificate.Lower,
            double.IsFinite(certificate.Upper) ? certificate.Upper : null,
            certificate.Seconds,
            result.ToJsonString(Compact),
            certificate.History);
    }

    /// <summary>A finished job's checkpoint is of no more use once its row is committed; an interrupted job's is kept for the rerun.</summary>
    public void Recorded(BatchJob job, JobRecord record)
    {
        if (CheckpointFolder is not null && record.Stop != JobRecord.InterruptedStop)
        {
            TryDelete(CheckpointPath(job));
        }
    }

    /// <summary>The checkpoint file of a job: its line and the start of its hash, so a changed line gets a new one.</summary>
    public string CheckpointPath(BatchJob job) =>
        Path.Combine(CheckpointFolder ?? throw new InvalidOperationException("No checkpoint folder."), $"line-{job.Line}-{job.Hash[..16]}.checkpoint.json");

    /// <summary>The job's checkpoint (null for a job of the MIP path alone, or without a folder), and the note when an unusable one was set aside.</summary>
    private (SearchCheckpoint? Checkpoint, string? SetAside) OpenCheckpoint(BatchJob job, JobRequest read)
    {
        if (job.ResumeFrom is not null && read.Method == CertificationMethod.Mip)
        {
            throw new ExactLipException("The field 'resume_from' starts a branch-and-bound search from a checkpoint, but this job runs the MIP path: give \"method\": \"bab\".");
        }

        if (CheckpointFolder is null || read.Method == CertificationMethod.Mip)
        {
            return (null, null);
        }

        try
        {
            Directory.CreateDirectory(CheckpointFolder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ExactLipException($"Cannot create the checkpoint folder '{CheckpointFolder}' ({UserFile.Reason(e)}); check the path and its permissions.");
        }

        var path = CheckpointPath(job);
        var request = read.Request;
        var fingerprint = CheckpointFingerprint.Of(CheckpointFingerprint.FileSha256(read.ModelPath), request.Box, request.Quantity, request.Options, read.Settings.Search);
        try
        {
            return (SearchCheckpoint.Open(path, fingerprint, CheckpointInterval, job.ResumeFrom), null);
        }
        catch (ExactLipException e) when (job.ResumeFrom is null || File.Exists(path))
        {
            // The job line is the same but its checkpoint is not usable (the model file changed,
            // or the file is damaged): the job starts afresh rather than failing.
            TryDelete(path);
            return (SearchCheckpoint.Open(path, fingerprint, CheckpointInterval, job.ResumeFrom), $"Its checkpoint was set aside and the job started afresh: {e.Message}");
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover checkpoint costs disk space only: a rerun of a finished job never reads it.
        }
    }

    /// <summary>The bounds and how they were found, for callers without certify's JSON form.</summary>
    public static JsonObject Summary(CertifiedJob job) => new()
    {
        ["value"] = job.Certificate.Value,
        ["lower"] = job.Certificate.Lower,
        ["upper"] = double.IsFinite(job.Certificate.Upper) ? job.Certificate.Upper : null,
        ["status"] = job.Certificate.Status.Name(),
        ["stop"] = job.Certificate.Stop.Name(),
        ["solver"] = job.Certificate.Solver,
        ["seconds"] = job.Certificate.Seconds,
        ["model"] = job.ModelPath,
    };
}

/// <summary>A job's certificate with what its JSON result also records.</summary>
public sealed record CertifiedJob(Certificate Certificate, string ModelPath, CertificationRequest Request);

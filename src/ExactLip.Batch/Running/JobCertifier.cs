using System.Text.Json;
using System.Text.Json.Nodes;
using ExactLip.Batch.Jobs;
using ExactLip.Certify;
using ExactLip.Engines;

namespace ExactLip.Batch.Running;

/// <summary>
/// Runs a batch job as certify would run the same options: its fields are read into a request
/// (<see cref="JobRequest"/>) and certified by the engine <see cref="EngineChoice"/> picks, the one
/// certify uses. Each job gets its own engine and back end: jobs run on several threads at once.
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

    public JobOutcome Run(BatchJob job, IProgress<CertifyProgress> progress, CancellationToken cancellationToken)
    {
        var read = JobRequest.Read(job, _coresPerJob);
        var engine = EngineChoice.Create(read.Method, read.Settings);
        var request = read.Request with { Progress = progress, CancellationToken = cancellationToken };
        var certificate = engine.Certify(request);
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

using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using ExactLip.Batch.Jobs;
using ExactLip.Batch.Running;
using ExactLip.Bounds;
using ExactLip.Certify;
using ExactLip.Import;

namespace ExactLip.Cli;

/// <summary>
/// Runs a batch job as certify would run the same options, and returns certify's JSON result.
/// Implementation note: the job's fields become certify's arguments (see JobParser) and are read
/// by the very option readers certify uses (DomainOptions, QuantityOptions, EngineOptions,
/// VectorArgument, the model loader), so a job is checked exactly like a command line, with
/// certify's defaults, and fails with the same sentence. Each job gets its own parser and back
/// end: jobs run on several threads at once.
/// </summary>
public sealed class JobCertifier : IJobExecutor
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly int _coresPerJob;

    /// <param name="jobsAtOnce">
    /// Jobs the batch runs at once: a branch-and-bound job without its own threads then gets an
    /// equal share of the cores rather than all of them, so the jobs do not oversubscribe them.
    /// </param>
    public JobCertifier(int jobsAtOnce = 1)
    {
        _coresPerJob = Math.Max(1, Environment.ProcessorCount / Math.Max(1, jobsAtOnce));
    }

    public JobOutcome Run(BatchJob job, IProgress<CertifyProgress> progress, CancellationToken cancellationToken)
    {
        var model = new Argument<string>("MODEL");
        var domain = new DomainOptions();
        var quantity = new QuantityOptions();
        var engineOptions = new EngineOptions();

        // Named certify, so a parser complaint points at 'exactlip certify --help', where the options are described.
        var command = new Command("certify");
        command.Arguments.Add(model);
        domain.AddTo(command);
        quantity.AddTo(command);
        engineOptions.AddTo(command);

        var parse = command.Parse(job.Arguments.ToArray(), new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0)
        {
            throw new Core.ExactLipException(CommandLineErrors.Describe(parse));
        }

        // The same order of checks as certify.
        var path = parse.GetValue(model)!;
        var network = ModelLoader.Load(path);
        var box = domain.Read(parse, network.InputSize);
        var lipschitz = quantity.Read(parse, network.OutputSize);
        var methodName = engineOptions.Engine(parse, network, lipschitz);
        var options = engineOptions.Read(parse);
        var backend = engineOptions.Backend(parse, methodName, TextWriter.Null);
        var engine = CertificationEngines.Create(methodName, backend, options, engineOptions.Search(parse, methodName, _coresPerJob));

        var certificate = WitnessCrossCheck.Apply(engine(network, box, lipschitz, progress, cancellationToken), path, network, box);

        var result = new CertificateRecord(certificate, path, box, lipschitz, options).ToJson();
        // What certify's record leaves out but reproducing the job needs.
        result["method"] = methodName;
        result["seed"] = options.Seed;
        result["threads"] = options.Threads;
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
}

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
/// by the very option readers certify uses (DomainOptions, QuantityOptions, VectorArgument, the
/// solver registry, the model loader), so a job is checked exactly like a command line and
/// fails with the same sentence. The options certify reads itself are declared again here with
/// certify's defaults; a test runs the same job both ways and compares the results. Each job
/// gets its own parser and back end: jobs run on several threads at once.
/// </summary>
public sealed class JobCertifier : IJobExecutor
{
    private static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public JobOutcome Run(BatchJob job, IProgress<CertifyProgress> progress, CancellationToken cancellationToken)
    {
        var model = new Argument<string>("MODEL");
        var domain = new DomainOptions();
        var quantity = new QuantityOptions();
        var solver = new Option<string>("--solver") { DefaultValueFactory = _ => "cbc" };
        var method = new Option<string>("--method") { DefaultValueFactory = _ => CertificationEngines.Default };
        var timeLimit = new Option<double?>("--time-limit");
        var gap = new Option<double>("--gap") { DefaultValueFactory = _ => 1e-6 };
        var tolerance = new Option<double>("--tolerance") { DefaultValueFactory = _ => 1e-6 };
        var threads = new Option<int>("--threads") { DefaultValueFactory = _ => 1 };
        var bounds = new Option<string>("--bounds") { DefaultValueFactory = _ => "crown" };
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 0 };

        // Named certify, so a parser complaint points at 'exactlip certify --help', where the options are described.
        var command = new Command("certify");
        command.Arguments.Add(model);
        domain.AddTo(command);
        quantity.AddTo(command);
        foreach (var o in new Option[] { solver, method, timeLimit, gap, tolerance, threads, bounds, seed })
        {
            command.Options.Add(o);
        }

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
        var options = new CertifyOptions(
            Bounds: BoundsMethods.Parse(parse.GetValue(bounds)!),
            TimeLimit: CertifyCommand.ReadTimeLimit(parse.GetValue(timeLimit)),
            Gap: CertifyCommand.NonNegative(parse.GetValue(gap), "--gap"),
            Tolerance: CertifyCommand.NonNegative(parse.GetValue(tolerance), "--tolerance"),
            Threads: CertifyCommand.AtLeastOne(parse.GetValue(threads), "--threads"),
            Seed: parse.GetValue(seed),
            ProgressInterval: TimeSpan.FromSeconds(0.5));
        var methodName = CertificationEngines.Resolve(parse.GetValue(method)!, network, lipschitz);
        var backend = CertificationEngines.Backend(methodName, parse.GetValue(solver)!, parse.GetResult(solver) is { Implicit: false });
        var workers = methodName == "bab" && parse.GetResult(threads) is { Implicit: false } ? options.Threads : (int?)null;
        var engine = CertificationEngines.Create(methodName, backend, options, workers);

        var certificate = engine(network, box, lipschitz, progress, cancellationToken);

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

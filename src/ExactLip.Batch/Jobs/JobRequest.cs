using System.Globalization;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Engines;
using ExactLip.Engines.Arguments;
using ExactLip.Import;

namespace ExactLip.Batch.Jobs;

/// <summary>
/// A job read into what certify would run for the same options: the model, the request and the
/// engine settings. The fields are read by <see cref="CertifyArguments"/>, in certify's order, so a
/// job has certify's defaults and fails with certify's sentence.
/// </summary>
/// <param name="ModelPath">The model's full path, as the result records it.</param>
public sealed record JobRequest(string ModelPath, CertificationRequest Request, EngineSettings Settings, CertificationMethod Method)
{
    /// <param name="defaultWorkers">Branch-and-bound workers of a job that sets no threads (its share of the cores).</param>
    public static JobRequest Read(BatchJob job, int defaultWorkers)
    {
        if (job.Problem is not null || job.Model is null)
        {
            throw new ExactLipException(job.Problem ?? "The job names no model.");
        }

        var arguments = Arguments(job.Fields);
        var network = ModelLoader.Load(job.Model);
        var box = arguments.ReadBox(network.InputSize);
        var quantity = arguments.ReadQuantity(network.OutputSize);
        var method = arguments.ReadMethod(network, quantity);
        var options = arguments.ReadOptions();
        var settings = arguments.ReadSettings(method, defaultWorkers: defaultWorkers);
        return new JobRequest(job.Model, new CertificationRequest(network, box, quantity, options), settings, method);
    }

    /// <summary>The job's fields as certify's options; a number field that is not a number gets the sentence certify's parser gives.</summary>
    private static CertifyArguments Arguments(IReadOnlyDictionary<string, string> fields)
    {
        string? Text(string field) => fields.TryGetValue(field, out var value) ? value : null;
        var defaults = CertifyArguments.Defaults;
        return new CertifyArguments
        {
            Lo = Text("lo"),
            Hi = Text("hi"),
            Center = Text("center"),
            Eps = Number(Text("eps"), "eps"),
            Vnnlib = Text("vnnlib"),
            Norm = Text("norm") ?? defaults.Norm,
            C = Text("c"),
            OutputNorm = Text("output_norm"),
            Method = Text(JobFields.Method) ?? defaults.Method,
            Solver = Text("solver"),
            TimeLimit = Number(Text(JobFields.TimeLimit), JobFields.TimeLimit),
            Gap = Number(Text("gap"), "gap") ?? defaults.Gap,
            Tolerance = Number(Text("tolerance"), "tolerance") ?? defaults.Tolerance,
            Threads = WholeNumber(Text("threads"), "threads"),
            Bounds = Text("bounds") ?? defaults.Bounds,
            Branching = Text("branching") ?? defaults.Branching,
            Seed = WholeNumber(Text("seed"), "seed") ?? defaults.Seed,
        };
    }

    private static double? Number(string? text, string field) =>
        text is null ? null
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value
        : throw NotA("a number", text, field);

    private static int? WholeNumber(string? text, string field) =>
        text is null ? null
        : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value
        : throw NotA("a whole number", text, field);

    private static ExactLipException NotA(string kind, string text, string field) =>
        new($"{JobFields.OptionName(field)} expects {kind}, but got '{text}'; see 'exactlip certify --help'.");
}

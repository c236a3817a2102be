using System.CommandLine;
using System.Globalization;
using ExactLip.Bounds;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Engines;
using ExactLip.Engines.Arguments;
using ExactLip.Estimators;
using ExactLip.Import;
using ExactLip.Network;

namespace ExactLip.Cli;

/// <summary>
/// <c>exactlip compare</c>: the exact certification and every estimator on the same model, box
/// and quantity, in one table of ratios to the exact value (or to certified bounds on it when the
/// exact run stopped early or cannot run), with optional JSON, CSV and an SVG chart.
/// </summary>
public static class CompareCommand
{
    /// <summary>
    /// The exact run's time limit when --time-limit is left out: long enough for what the default
    /// engine finishes on this machine's benchmark instances (docs/benchmarks.md), short enough
    /// that a hard box still reaches the estimators with certified bounds.
    /// </summary>
    public const double DefaultTimeLimitSeconds = 60;

    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "The network: an .onnx file or an ExactLip .json file." };
        var domain = new DomainOptions();
        var quantity = new QuantityOptions();
        var estimation = new EstimationOptions();
        var timeLimit = new Option<double?>("--time-limit") { Description = $"Stop the exact run after this many seconds (default {DefaultTimeLimitSeconds:0}, at most 2000000; LipLP's limit too when given) and compare against its certified bounds." };
        var json = new Option<string?>("--json") { Description = "Write the comparison as JSON to this file ('-' for standard output)." };
        var csv = new Option<string?>("--csv") { Description = "Write the table as CSV to this file." };
        var svg = new Option<string?>("--svg") { Description = "Write a chart of the ratios (log axis, exact value as reference line) to this SVG file." };
        var quiet = new Option<bool>("--quiet") { Description = "No progress output." };

        var command = new Command("compare", "Compare every estimator with the exact local Lipschitz constant on one model and box.");
        command.Arguments.Add(model);
        domain.AddTo(command);
        quantity.AddTo(command);
        estimation.AddTo(command);
        foreach (var o in new Option[] { timeLimit, json, csv, svg, quiet })
        {
            command.Options.Add(o);
        }

        command.SetAction(parse =>
        {
            var path = parse.GetValue(model)!;
            var selection = estimation.Methods(parse);
            var network = ModelLoader.Load(path);
            var box = domain.Read(parse, network.InputSize);
            var lipschitz = quantity.Read(parse, network.OutputSize);
            var limit = CertifyArgumentChecks.TimeLimit(parse.GetValue(timeLimit));
            var exactLimit = limit ?? TimeSpan.FromSeconds(DefaultTimeLimitSeconds);
            var jsonPath = parse.GetValue(json);
            var csvPath = parse.GetValue(csv);
            var svgPath = parse.GetValue(svg);
            AtomicFile.RequireDirectory(jsonPath, "--json");
            AtomicFile.RequireDirectory(csvPath, "--csv");
            AtomicFile.RequireDirectory(svgPath, "--svg");
            var output = jsonPath == "-" ? Console.Error : Console.Out;

            // The exact run is certify's, with its default engine (auto: both engines at once where
            // both apply; branch and bound alone for ℓ2) and every core.
            var engine = EngineChoice.Choose(new EngineSettings { Solver = estimation.ExactSolver(parse) }, network, lipschitz);
            var unavailable = ExactRunUnavailable(engine, network, lipschitz);
            var lpSolver = estimation.LpSolver(parse);
            var problem = new EstimationProblem(network, box, lipschitz, estimation.Seed(parse), lpSolver, limit);
            // Ctrl-C during the exact run keeps its bounds and goes on to the estimators; Ctrl-C
            // during the estimators keeps those that finished; a Ctrl-C more quits at once.
            using var interrupt = new InterruptHandler("Interrupted: stopping the exact run with the bounds found so far; the estimators still run (Ctrl-C again stops them).");

            Certificate? certificate = null;
            CertifyOptions? options = null;
            if (unavailable is null)
            {
                options = new CertifyOptions(Bounds: BoundsMethod.Crown, TimeLimit: exactLimit, Seed: estimation.Seed(parse), ProgressInterval: TimeSpan.FromSeconds(0.5));
                var request = new CertificationRequest(network, box, lipschitz, options) { CancellationToken = interrupt.Token };
                if (parse.GetValue(quiet))
                {
                    certificate = engine.Certify(request);
                }
                else
                {
                    using var renderer = new ProgressRenderer(Console.Error);
                    certificate = engine.Certify(request with { Progress = renderer });
                }
            }

            var report = EstimationReport.Run(selection, problem, interrupt.NextStage());
            var reference = certificate switch
            {
                { Value: { } exact } => new Reference(exact, exact, true, "exact"),
                not null => Tightened(certificate, report.Estimates),
                null => FromEstimates(report.Estimates),
            };

            string? exactRow = null;
            if (certificate is not null)
            {
                var c = CultureInfo.InvariantCulture;
                exactRow = certificate.Value is { } v
                    ? $"exact\texact ({certificate.Solver})\t{EstimateLabels.Number(v)}\t1.000\t{EstimateLabels.Seconds(certificate.Seconds)}\t{MeasuredNorm.PairOf(lipschitz)}"
                    : $"exact\tbounds ({certificate.Stop.Name()}, {certificate.Solver})\t[{certificate.Lower.ToString("G7", c)}, {certificate.Upper.ToString("G7", c)}]\t-\t{EstimateLabels.Seconds(certificate.Seconds)}\t{MeasuredNorm.PairOf(lipschitz)}";
            }
            if (certificate is { Value: null })
            {
                output.WriteLine($"The exact run stopped early; ratios are to L in [{EstimateLabels.Number(reference.Lower)}, {EstimateLabels.Number(reference.Upper)}] ({reference.Source}).");
            }

            if (certificate is null)
            {
                output.WriteLine(unavailable);
                output.WriteLine($"Ratios are to the best certified estimator bounds [{EstimateLabels.Number(reference.Lower)}, {EstimateLabels.Number(reference.Upper)}].");
            }

            EstimateTable.Print(output, lipschitz.Describe(), report.Estimates, report.Skipped, reference, exactRow);

            var record = new EstimatesRecord(path, box, lipschitz, report)
            {
                Exact = certificate is null ? null : new CertificateRecord(certificate, path, box, lipschitz, options!),
                ExactUnavailable = unavailable,
                ExactSeconds = certificate?.Seconds,
                Reference = reference,
            };
            if (jsonPath is not null)
            {
                record.WriteJson(jsonPath);
            }

            if (csvPath is not null)
            {
                record.WriteCsv(csvPath);
            }

            if (svgPath is not null)
            {
                var title = $"{Path.GetFileName(path)}: estimators against the exact constant";
                var subtitle = $"{lipschitz.Describe()} over the box; {reference.Source}";
                AtomicFile.Write(svgPath, ComparisonChart.Render(title, subtitle, reference, report.Estimates), "chart");
            }

            return 0;
        });
        return command;
    }

    /// <summary>Why no engine can certify this network and quantity (null when the chosen one can).</summary>
    private static string? ExactRunUnavailable(ICertificationEngine engine, NeuralNetwork network, LipschitzQuantity quantity)
    {
        // Auto picks the MIP path wherever branch and bound cannot go, unless the quantity is ℓ2, which only branch and bound measures.
        return engine.Capabilities.Measures(quantity) && engine.Capabilities.Handles(network)
            ? null
            : "No exact value: only branch and bound measures l2, and it does not handle this network's max pooling.";
    }

    /// <summary>
    /// A run stopped early: its certified bounds, narrowed by any certified estimate that beats
    /// them (a search lower bound above its lower bound, say) — each end is still certified.
    /// </summary>
    private static Reference Tightened(Certificate certificate, IReadOnlyList<Estimate> estimates)
    {
        var fromEstimates = FromEstimates(estimates);
        var lower = Math.Max(certificate.Lower, fromEstimates.Lower);
        var upper = Math.Min(certificate.Upper, fromEstimates.Upper);
        var narrowed = lower > certificate.Lower || upper < certificate.Upper;
        return new Reference(lower, Math.Max(lower, upper), false, $"exact run stopped early ({certificate.Stop.Name()}); L lies in its certified bounds{(narrowed ? ", narrowed by the certified estimates" : string.Empty)}");
    }

    /// <summary>Without an exact run: the best certified lower and (pairwise) upper bounds among the estimates.</summary>
    private static Reference FromEstimates(IReadOnlyList<Estimate> estimates)
    {
        var lower = estimates.Where(e => e.Kind == EstimateKind.Lower).Select(e => e.Value).DefaultIfEmpty(0).Max();
        var upper = estimates.Where(e => e.Kind == EstimateKind.Upper && !e.Anchored).Select(e => e.Value).DefaultIfEmpty(double.PositiveInfinity).Min();
        return new Reference(lower, upper, false, "no exact run; L lies between the best certified estimates");
    }
}

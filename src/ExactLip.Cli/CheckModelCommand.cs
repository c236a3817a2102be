using System.CommandLine;
using ExactLip.Core;
using ExactLip.Import.Onnx;
using ExactLip.ModelCheck;

namespace ExactLip.Cli;

/// <summary>
/// <c>exactlip check-model</c>: evaluates an ONNX model with ONNX Runtime and with ExactLip's
/// import of it over a box, and says whether they agree to float32 accuracy. Every certificate
/// is about the network as imported; this is the check that it is the model in the file.
/// Exit code 0: they agree; <see cref="Disagree"/>: they do not; 2: a user error.
/// </summary>
public static class CheckModelCommand
{
    /// <summary>The exit code when the two evaluators disagree beyond float32 accuracy.</summary>
    public const int Disagree = 1;

    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "The ONNX file to check." };
        var domain = new DomainOptions();
        var samples = new Option<int>("--samples") { Description = "How many random points of the box to compare at (besides its corners and centre).", DefaultValueFactory = _ => 100 };
        var seed = new Option<int>("--seed") { Description = "Seed of the random points, corners and directions.", DefaultValueFactory = _ => 0 };
        var json = new Option<string?>("--json") { Description = "Write the comparison as JSON to this file ('-' for standard output)." };

        var command = new Command("check-model", "Compare ExactLip's import of an ONNX model with ONNX Runtime over a box (outputs and directional derivatives).");
        command.Arguments.Add(model);
        domain.AddTo(command);
        foreach (var o in new Option[] { samples, seed, json })
        {
            command.Options.Add(o);
        }

        command.SetAction(parse =>
        {
            var path = parse.GetValue(model)!;
            var jsonPath = parse.GetValue(json);
            AtomicFile.RequireDirectory(jsonPath, "--json");
            var (import, runtime) = ModelChecker.Load(path);
            using (runtime)
            {
                var box = domain.Read(parse, import.Network.InputSize);
                return Run(path, import, runtime, box, parse.GetValue(samples), parse.GetValue(seed), jsonPath, Console.Out);
            }
        });
        return command;
    }

    /// <summary>Compares, prints the report (to standard error when the JSON goes to standard output), writes the JSON, and returns the exit code.</summary>
    public static int Run(string path, OnnxImport import, OnnxRuntimeModel runtime, Box box, int samples, int seed, string? jsonPath, TextWriter output)
    {
        var points = CheckPoints.For(box, samples, seed, "--samples");
        var started = System.Diagnostics.Stopwatch.StartNew();
        var result = ModelChecker.Compare(import.Network, runtime, box, points, seed);
        var report = new CheckModelReport(path, import, runtime, points, result, started.Elapsed.TotalSeconds);
        report.Print(jsonPath == "-" ? Console.Error : output);
        if (jsonPath is not null)
        {
            report.Write(jsonPath);
        }

        return result.Agree ? 0 : Disagree;
    }
}

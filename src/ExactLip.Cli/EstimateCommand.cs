using System.CommandLine;
using ExactLip.Core;
using ExactLip.Estimators;
using ExactLip.Import;

namespace ExactLip.Cli;

/// <summary>
/// <c>exactlip estimate</c>: the cheap Lipschitz estimators of the literature on a model and box,
/// each labelled with what its value promises. Option names and JSON fields are a contract.
/// </summary>
public static class EstimateCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "The network: an .onnx file or an ExactLip .json file." };
        var domain = new DomainOptions();
        var quantity = new QuantityOptions();
        var estimation = new EstimationOptions();
        var json = new Option<string?>("--json") { Description = "Write the estimates as JSON to this file ('-' for standard output)." };

        var command = new Command("estimate", "Run Lipschitz estimators (bounds and heuristics from the literature) over an input box.");
        command.Arguments.Add(model);
        domain.AddTo(command);
        quantity.AddTo(command);
        estimation.AddTo(command);
        command.Options.Add(json);

        command.SetAction(parse =>
        {
            var path = parse.GetValue(model)!;
            var selection = estimation.Methods(parse);
            var network = ModelLoader.Load(path);
            var box = domain.Read(parse, network.InputSize);
            var lipschitz = quantity.Read(parse, network.OutputSize);
            var jsonPath = parse.GetValue(json);
            AtomicFile.RequireDirectory(jsonPath, "--json");

            var lpSolver = estimation.LpSolver(parse);
            var problem = new EstimationProblem(network, box, lipschitz, estimation.Seed(parse), lpSolver);
            using var interrupt = new InterruptHandler();
            var report = EstimationReport.Run(selection, problem, interrupt.Token);
            EstimateTable.Print(jsonPath == "-" ? Console.Error : Console.Out, lipschitz.Describe(), report.Estimates, report.Skipped, null, null);
            if (jsonPath is not null)
            {
                new EstimatesRecord(path, box, lipschitz, report).WriteJson(jsonPath);
            }

            return 0;
        });
        return command;
    }
}

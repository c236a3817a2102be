using System.CommandLine;
using System.Globalization;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Engines;
using ExactLip.Import;
using ExactLip.Mip;
using ExactLip.Network;

namespace ExactLip.Cli;

/// <summary>
/// <c>exactlip certify</c>: the exact local Lipschitz constant over a box, or certified
/// bounds when stopped early. Option names and JSON fields are a contract scripts rely on.
/// </summary>
public static class CertifyCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "The network: an .onnx file or an ExactLip .json file." };
        var domain = new DomainOptions();
        var quantity = new QuantityOptions();
        var engineOptions = new EngineOptions();
        var json = new Option<string?>("--json") { Description = "Write the result as JSON to this file ('-' for standard output)." };
        var exportMps = new Option<string?>("--export-mps") { Description = "Write each MIP to this MPS file (sub-problem k of several goes to FILE with .k before the extension)." };
        var quiet = new Option<bool>("--quiet") { Description = "No progress output." };

        var command = new Command("certify", "Compute the exact local Lipschitz constant of a ReLU network over an input box.");
        command.Arguments.Add(model);
        domain.AddTo(command);
        quantity.AddTo(command);
        engineOptions.AddTo(command);
        foreach (var o in new Option[] { json, exportMps, quiet })
        {
            command.Options.Add(o);
        }

        command.SetAction(parse =>
        {
            var path = parse.GetValue(model)!;
            var network = ModelLoader.Load(path);
            var box = domain.Read(parse, network.InputSize);
            var lipschitz = quantity.Read(parse, network.OutputSize);
            var mpsPath = parse.GetValue(exportMps);
            var arguments = engineOptions.Arguments(parse);
            var method = arguments.ReadMethod(network, lipschitz, wantsMip: mpsPath is not null);

            var options = arguments.ReadOptions();
            var jsonPath = parse.GetValue(json);
            if (method == CertificationMethod.Bab && mpsPath is not null)
            {
                throw new ExactLipException("--export-mps writes the MIPs of --method mip; branch and bound, which this run uses, solves none.");
            }

            var engine = EngineOptions.Create(arguments, method, Console.Error, wantsMip: mpsPath is not null);

            // Checked before solving, so a mistyped path does not cost a long run its result.
            AtomicFile.RequireDirectory(jsonPath, "--json");
            AtomicFile.RequireDirectory(mpsPath, "--export-mps");
            using var interrupt = new InterruptHandler();
            var request = new CertificationRequest(network, box, lipschitz, options) { CancellationToken = interrupt.Token, MipReady = ModelReady(mpsPath, lipschitz, network.OutputSize) };
            Certificate run(IProgress<CertifyProgress>? progress) => engine.Certify(request with { Progress = progress });

            Certificate certificate;
            if (parse.GetValue(quiet))
            {
                certificate = run(null);
            }
            else if (LiveProgress.Available)
            {
                certificate = LiveProgress.Run(progress => run(progress));
            }
            else
            {
                using var renderer = new ProgressRenderer(Console.Error);
                certificate = run(renderer);
            }

            certificate = WitnessCrossCheck.Apply(certificate, path, network, box);
            var record = new CertificateRecord(certificate, path, box, lipschitz, options);
            // With --json - standard output carries the JSON alone, so scripts can parse it whole.
            ResultPrinter.Print(certificate, jsonPath == "-" ? Console.Error : Console.Out);
            if (jsonPath is not null)
            {
                record.Write(jsonPath);
            }

            return 0;
        });
        return command;
    }

    /// <summary>What --export-mps does with each MIP the MIP path builds (null: nothing).</summary>
    private static Action<int, MipModel>? ModelReady(string? mpsPath, LipschitzQuantity lipschitz, int outputs) =>
        mpsPath is null ? null : (index, mip) => ExportMps(mip, MpsPathFor(mpsPath, index, lipschitz.IsScalar || lipschitz.OutputNorm != Norm.Linf ? 1 : outputs));

    private static void ExportMps(MipModel mip, string path)
    {
        try
        {
            MpsWriter.Write(mip, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ExactLipException($"Cannot write the MIP to '{path}' ({UserFile.Reason(e)}); check the path and its permissions.");
        }
    }

    private static string MpsPathFor(string path, int index, int count)
    {
        if (count == 1)
        {
            return path;
        }

        var ext = Path.GetExtension(path);
        return Path.ChangeExtension(path, null) + "." + index.ToString(CultureInfo.InvariantCulture) + (ext.Length > 0 ? ext : ".mps");
    }
}

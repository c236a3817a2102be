using System.CommandLine;
using System.Globalization;
using ExactLip.BranchAndBound.Checkpoints;
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
        var checkpoint = new Option<string?>("--checkpoint") { Description = "Save the branch-and-bound search to this file every few seconds and when the run ends (Ctrl-C and SIGTERM included); the same command with the same file resumes it." };
        var checkpointInterval = new Option<double?>("--checkpoint-interval") { Description = "Seconds between two saves of --checkpoint (default 5)." };

        var command = new Command("certify", "Compute the exact local Lipschitz constant of a ReLU network over an input box.");
        command.Arguments.Add(model);
        domain.AddTo(command);
        quantity.AddTo(command);
        engineOptions.AddTo(command);
        foreach (var o in new Option[] { json, exportMps, quiet, checkpoint, checkpointInterval })
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
            var saved = OpenCheckpoint(parse.GetValue(checkpoint), parse.GetValue(checkpointInterval), method, path, box, lipschitz, options, arguments);
            if (saved?.Resume is { } resumed && !parse.GetValue(quiet))
            {
                Console.Error.WriteLine(ResumedLine(resumed, saved.Path));
            }

            using var interrupt = new InterruptHandler();
            var request = new CertificationRequest(network, box, lipschitz, options) { CancellationToken = interrupt.Token, MipReady = ModelReady(mpsPath, lipschitz, network.OutputSize), Checkpoint = saved };
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

    /// <summary>The --checkpoint of a run (null without one): refused for the MIP path, read and checked when the file exists.</summary>
    private static SearchCheckpoint? OpenCheckpoint(string? path, double? interval, CertificationMethod method, string model, Box box, LipschitzQuantity lipschitz, CertifyOptions options, Engines.Arguments.CertifyArguments arguments)
    {
        if (path is null)
        {
            if (interval is not null)
            {
                throw new ExactLipException("--checkpoint-interval sets how often --checkpoint is saved: give --checkpoint FILE too.");
            }

            return null;
        }

        if (method == CertificationMethod.Mip)
        {
            throw new ExactLipException(MipEngine.MipCheckpointRefusal);
        }

        AtomicFile.RequireDirectory(path, "--checkpoint");
        TimeSpan? every = null;
        if (interval is { } seconds)
        {
            Preconditions.Positive(seconds, "--checkpoint-interval");
            every = TimeSpan.FromSeconds(seconds);
        }

        var fingerprint = CheckpointFingerprint.Of(CheckpointFingerprint.FileSha256(model), box, lipschitz, options, arguments.ReadSettings(method).Search);
        return SearchCheckpoint.Open(path, fingerprint, every);
    }

    /// <summary>The line that says a run continues an earlier one, and how much of it.</summary>
    public static string ResumedLine(FrontierState resumed, string path)
    {
        var c = CultureInfo.InvariantCulture;
        return $"resumed: {resumed.Open.Count.ToString(c)} open sub-domains, {resumed.Counts.Bounded.ToString(c)} bounded so far, elapsed {resumed.Seconds.ToString("0.0", c)} s (from {path})";
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

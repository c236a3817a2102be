using System.CommandLine;
using System.Globalization;
using ExactLip.Bounds;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Import;
using ExactLip.Mip;
using ExactLip.Mip.Solving;
using ExactLip.Solvers;

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
        var method = new Option<string>("--method") { Description = "Exact engine: mip (LipMIP through a MIP back end), bab (branch and bound over activation patterns; measures l2 too) or auto (chosen by docs/branch-and-bound.md's rule).", DefaultValueFactory = _ => "mip" };
        var solver = new Option<string>("--solver") { Description = "MIP back end: highs, scip, cbc, glpk, or auto (the strongest available: HiGHS, then SCIP, CBC, GLPK; 'exactlip solvers' lists them). With --method bab, the back end of the feasibility LPs (default glpk).", DefaultValueFactory = _ => "cbc" };
        var timeLimit = new Option<double?>("--time-limit") { Description = "Stop after this many seconds and report the bounds found so far." };
        var gap = new Option<double>("--gap") { Description = "Relative gap at which the solver may stop.", DefaultValueFactory = _ => 1e-6 };
        var tolerance = new Option<double>("--tolerance") { Description = "Relative distance within which the bounds make the value exact.", DefaultValueFactory = _ => 1e-6 };
        var threads = new Option<int>("--threads") { Description = "Solver threads.", DefaultValueFactory = _ => 1 };
        var bounds = new Option<string>("--bounds") { Description = "Pre-activation bounds: interval (LipMIP's setting), crown (linear bound propagation, tighter) or lp (crown, then LP tightening).", DefaultValueFactory = _ => "crown" };
        var json = new Option<string?>("--json") { Description = "Write the result as JSON to this file ('-' for standard output)." };
        var exportMps = new Option<string?>("--export-mps") { Description = "Write each MIP to this MPS file (sub-problem k of several goes to FILE with .k before the extension)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the starting-point search.", DefaultValueFactory = _ => 0 };
        var quiet = new Option<bool>("--quiet") { Description = "No progress output." };

        var command = new Command("certify", "Compute the exact local Lipschitz constant of a ReLU network over an input box.");
        command.Arguments.Add(model);
        domain.AddTo(command);
        quantity.AddTo(command);
        foreach (var o in new Option[] { method, solver, timeLimit, gap, tolerance, threads, bounds, json, exportMps, seed, quiet })
        {
            command.Options.Add(o);
        }

        command.SetAction(parse =>
        {
            var path = parse.GetValue(model)!;
            var network = ModelLoader.Load(path);
            var box = domain.Read(parse, network.InputSize);
            var lipschitz = quantity.Read(parse, network.OutputSize);
            var engine = CertificationEngines.Resolve(parse.GetValue(method)!, network, lipschitz);
            if (engine == "mip")
            {
                QuantityOptions.RequirePolyhedral(lipschitz);
            }

            var options = new CertifyOptions(
                Bounds: BoundsMethods.Parse(parse.GetValue(bounds)!),
                TimeLimit: ReadTimeLimit(parse.GetValue(timeLimit)),
                Gap: NonNegative(parse.GetValue(gap), "--gap"),
                Tolerance: NonNegative(parse.GetValue(tolerance), "--tolerance"),
                Threads: AtLeastOne(parse.GetValue(threads), "--threads"),
                Seed: parse.GetValue(seed),
                ProgressInterval: TimeSpan.FromSeconds(0.5));
            var jsonPath = parse.GetValue(json);
            var mpsPath = parse.GetValue(exportMps);
            if (engine == "bab" && mpsPath is not null)
            {
                throw new ExactLipException("--export-mps writes the MIPs of --method mip; --method bab solves none.");
            }

            var solverGiven = parse.GetResult(solver) is { Implicit: false };
            var backend = CertificationEngines.Backend(engine, parse.GetValue(solver)!, solverGiven);
            if (solverGiven && parse.GetValue(solver)!.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase))
            {
                Console.Error.WriteLine($"solver: auto picked {backend.Name} {backend.Version} (the strongest back end available here)");
            }

            // Checked before solving, so a mistyped path does not cost a long run its result.
            RequireDirectory(jsonPath == "-" ? null : jsonPath, "--json");
            RequireDirectory(mpsPath, "--export-mps");
            using var interrupt = new InterruptHandler();
            var interruptToken = interrupt.Token;
            var workers = engine == "bab" && parse.GetResult(threads) is { Implicit: false } ? options.Threads : (int?)null;
            var certify = CertificationEngines.Create(engine, backend, options, workers, (b, o) => MipCertifier(b, o, mpsPath, lipschitz, network.OutputSize));
            Certificate run(IProgress<CertifyProgress>? progress) => certify(network, box, lipschitz, progress, interruptToken);

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

    private static Certifier MipCertifier(IMipSolver backend, CertifyOptions options, string? mpsPath, LipschitzQuantity lipschitz, int outputs) =>
        new(backend, options)
        {
            // GLPK keeps one LP loaded across the hundreds of tightening LPs; others re-load each.
            LpSolver = options.Bounds == BoundsMethod.Lp ? LpBackend(backend) : null,
            ModelReady = mpsPath is null ? null : (index, mip) => ExportMps(mip, MpsPathFor(mpsPath, index, lipschitz.IsScalar || lipschitz.OutputNorm != Norm.Linf ? 1 : outputs)),
        };

    internal static IMipSolver LpBackend(IMipSolver backend)
    {
        if (backend is ILpSessionFactory)
        {
            return backend;
        }

        try
        {
            return SolverRegistry.Create("glpk");
        }
        catch (SolverUnavailableException)
        {
            return backend;
        }
    }

    internal static TimeSpan? ReadTimeLimit(double? seconds) =>
        seconds is { } s ? TimeSpan.FromSeconds(Preconditions.Positive(s, "The time limit --time-limit")) : null;

    internal static int AtLeastOne(int value, string option) =>
        value >= 1 ? value : throw new ExactLipException($"{option} must be at least 1, but it is {value.ToString(CultureInfo.InvariantCulture)}.");

    internal static double NonNegative(double value, string option)
    {
        Preconditions.Finite(value, option);
        if (value < 0)
        {
            throw new ExactLipException($"{option} must not be negative, but it is {value.ToString(CultureInfo.InvariantCulture)}.");
        }

        return value;
    }

    private static void RequireDirectory(string? path, string option)
    {
        if (path is null)
        {
            return;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new ExactLipException($"The directory {directory} of the {option} file does not exist.");
        }
    }

    private static void ExportMps(MipModel mip, string path)
    {
        try
        {
            MpsWriter.Write(mip, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ExactLipException($"Cannot write the MIP to '{path}': {e.Message}");
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

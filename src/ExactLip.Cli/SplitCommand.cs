using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ExactLip.Batch.Jobs;
using ExactLip.Bounds;
using ExactLip.BranchAndBound;
using ExactLip.BranchAndBound.Checkpoints;
using ExactLip.Core;
using ExactLip.Engines.Arguments;
using ExactLip.Import;
using ExactLip.Network;

namespace ExactLip.Cli;

/// <summary>
/// <c>exactlip split MODEL &lt;box and quantity&gt; --parts N --jobs FILE</c>: cuts one instance's
/// box into N sub-boxes (<see cref="BoxSplitter"/>) and writes one batch job per part, with
/// <c>split_of</c> and <c>part</c>, so that <c>exactlip batch FILE --shard K/M</c> spreads the
/// instance over a cluster and <c>exactlip report --merge-splits</c> puts it back together.
/// The parts are numbered hardest first (most unstable neurons), so that the round-robin shards
/// get even shares of the work.
/// </summary>
public static class SplitCommand
{
    public static Command Create()
    {
        var model = new Argument<string>("MODEL") { Description = "The network: an .onnx file or an ExactLip .json file." };
        var domain = new DomainOptions();
        var quantity = new QuantityOptions();
        var engineOptions = new EngineOptions();
        var parts = new Option<int>("--parts") { Description = "Number of parts (sub-boxes) to cut the box into.", Required = true };
        var jobs = new Option<string>("--jobs") { Description = "The job file to write (JSON Lines, the batch format; replaced if it exists).", Required = true };
        var instance = new Option<string?>("--instance") { Description = "The instance's id in split_of (default: the model's name and a hash of model, box and quantity)." };
        var by = new Option<string>("--by") { Description = "How to cut: box (sub-boxes, default) or patterns (the open sub-domains of a short branch and bound, written as checkpoints the parts start from; for many inputs, where sub-boxes cut little).", DefaultValueFactory = _ => "box" };
        var searchSeconds = new Option<double>("--search-seconds") { Description = "With --by patterns, the longest the short branch and bound runs (default 10); it stops earlier once eight sub-domains per part are open.", DefaultValueFactory = _ => 10 };

        var command = new Command("split", "Cut one certification's box into parts, written as batch jobs that together cover it (run them with exactlip batch, merge them with exactlip report --merge-splits).");
        command.Arguments.Add(model);
        domain.AddTo(command);
        quantity.AddTo(command);
        engineOptions.AddTo(command);
        command.Options.Add(parts);
        command.Options.Add(jobs);
        command.Options.Add(instance);
        command.Options.Add(by);
        command.Options.Add(searchSeconds);

        command.SetAction(parse =>
        {
            var path = parse.GetValue(model)!;
            var jobsPath = parse.GetValue(jobs)!;
            AtomicFile.RequireDirectory(jobsPath, "--jobs");
            var count = CertifyArgumentChecks.AtLeastOne(parse.GetValue(parts), "--parts");
            var network = ModelLoader.Load(path);
            var box = domain.Read(parse, network.InputSize);
            var lipschitz = quantity.Read(parse, network.OutputSize);
            var arguments = engineOptions.Arguments(parse);
            var options = arguments.ReadOptions();
            var id = parse.GetValue(instance) ?? DefaultInstance(path, box, lipschitz);
            if (string.IsNullOrWhiteSpace(id))
            {
                throw new ExactLipException("--instance must not be empty.");
            }

            var jobDirectory = Path.GetDirectoryName(Path.GetFullPath(jobsPath))!;
            var c = CultureInfo.InvariantCulture;
            var modelRelative = Path.GetRelativePath(jobDirectory, Path.GetFullPath(path));
            var how = parse.GetValue(by)!.Trim().ToLowerInvariant();
            if (how == "patterns")
            {
                if (arguments.ReadMethod(network, lipschitz) == Certify.CertificationMethod.Mip)
                {
                    throw new ExactLipException("--by patterns splits a branch-and-bound search; this instance runs the MIP path: use --by box.");
                }

                var seconds = Preconditions.Positive(parse.GetValue(searchSeconds), "--search-seconds");
                Console.Error.WriteLine($"split: branch and bound over the whole box until {(PatternSplit.FrontierPerPart * count).ToString(c)} sub-domains are open, {seconds.ToString(c)} s at most; its open sub-domains become the parts.");
                var (files, search) = PatternSplit.Write(path, network, box, lipschitz, arguments, count, seconds, jobsPath);
                var patternLines = new StringBuilder();
                for (var k = 0; k < files.Count; k++)
                {
                    var line = JobLine(new SplitPart(id, k + 1, files.Count), modelRelative, box, lipschitz, arguments);
                    line[JobFields.Method] = "bab";
                    line[JobFields.ResumeFrom] = Path.GetRelativePath(jobDirectory, files[k]);
                    patternLines.Append(line.ToJsonString(Compact)).Append('\n');
                }

                AtomicFile.Write(jobsPath, patternLines.ToString(), "job file");
                var bounds = search.History.Count > 0 ? search.History[^1] : null;
                Console.Out.WriteLine($"instance {id}: {files.Count.ToString(c)} parts over activation patterns written to {jobsPath}, each starting from its checkpoint beside it (a search of {search.Seconds.ToString("0.0", c)} s left {search.Open.Count.ToString(c)} open sub-domains{(bounds is null ? string.Empty : $", bounds [{bounds.Lower.ToString("G8", c)}, {bounds.Upper.ToString("G8", c)}]")}).");
                Console.Out.WriteLine($"Run them with: exactlip batch {jobsPath} --results RESULTS [--shard K/N]; merge with: exactlip report RESULTS... --merge-splits");
                return 0;
            }

            if (how != "box")
            {
                throw new ExactLipException($"--by expects box or patterns, but got '{parse.GetValue(by)}'.");
            }

            var cut = BoxSplitter.Split(network, box, lipschitz, options.Bounds != BoundsMethod.Interval, count)
                .OrderByDescending(p => p.Unstable)
                .ToArray();
            var lines = new StringBuilder();
            for (var k = 0; k < cut.Length; k++)
            {
                var part = new SplitPart(id, k + 1, cut.Length);
                lines.Append(JobLine(part, modelRelative, cut[k].Box, lipschitz, arguments).ToJsonString(Compact)).Append('\n');
            }

            AtomicFile.Write(jobsPath, lines.ToString(), "job file");
            var whole = BoxSplitter.Split(network, box, lipschitz, options.Bounds != BoundsMethod.Interval, 1)[0].Unstable;
            Console.Out.WriteLine($"instance {id}: {cut.Length.ToString(c)} parts written to {jobsPath} (unstable neurons per part {cut[^1].Unstable.ToString(c)} to {cut[0].Unstable.ToString(c)}; the whole box {whole.ToString(c)}).");
            Console.Out.WriteLine($"Run them with: exactlip batch {jobsPath} --results RESULTS [--shard K/N]; merge with: exactlip report RESULTS... --merge-splits");
            return 0;
        });
        return command;
    }

    private static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// One part as a batch job: the box in full (each double in its shortest round-trip form, so
    /// the parts read back to exactly the bounds that cover the instance), the quantity, and the
    /// engine options that were given.
    /// </summary>
    private static JsonObject JobLine(SplitPart part, string model, Box box, LipschitzQuantity quantity, CertifyArguments given)
    {
        var job = new JsonObject
        {
            [JobFields.Id] = $"{part.Instance}/{part.Index.ToString(CultureInfo.InvariantCulture)}",
            [JobFields.SplitOf] = part.Instance,
            [JobFields.Part] = part.Spelling,
            [JobFields.Model] = model,
            ["lo"] = Numbers(box.Lower.ToArray()),
            ["hi"] = Numbers(box.Upper.ToArray()),
            ["norm"] = quantity.InputNorm.Name(),
        };
        if (quantity.C is { } weights)
        {
            job["c"] = Numbers(weights);
        }
        else
        {
            job["output_norm"] = quantity.OutputNorm.Name();
        }

        var defaults = CertifyArguments.Defaults;
        void Add(string field, JsonNode? value, bool include)
        {
            if (include)
            {
                job[field] = value;
            }
        }

        Add(JobFields.Method, JsonValue.Create(given.Method), given.Method != defaults.Method);
        Add("solver", JsonValue.Create(given.Solver), given.Solver is not null);
        Add(JobFields.TimeLimit, JsonValue.Create(given.TimeLimit), given.TimeLimit is not null);
        Add("gap", JsonValue.Create(given.Gap), given.Gap != defaults.Gap);
        Add("tolerance", JsonValue.Create(given.Tolerance), given.Tolerance != defaults.Tolerance);
        Add("bounds", JsonValue.Create(given.Bounds), given.Bounds != defaults.Bounds);
        Add("branching", JsonValue.Create(given.Branching), given.Branching != defaults.Branching);
        Add("threads", JsonValue.Create(given.Threads), given.Threads is not null);
        Add("seed", JsonValue.Create(given.Seed), given.Seed != defaults.Seed);
        return job;
    }

    private static JsonArray Numbers(IEnumerable<double> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());

    /// <summary>The model's name and 8 hex digits of a hash of its bytes, the box and the quantity.</summary>
    private static string DefaultInstance(string model, Box box, LipschitzQuantity quantity)
    {
        var f = CheckpointFingerprint.Of(CheckpointFingerprint.FileSha256(model), box, quantity, new Certify.CertifyOptions(), BranchAndBoundOptions.Default);
        var hash = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{f.Model}\n{f.Box}\n{f.Quantity}")));
        return $"{Path.GetFileNameWithoutExtension(model)}-{hash[..8]}";
    }
}

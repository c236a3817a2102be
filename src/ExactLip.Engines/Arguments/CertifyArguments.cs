using ExactLip.Bounds;
using ExactLip.BranchAndBound;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Import.VnnLib;
using ExactLip.Network;
using ExactLip.Network.Layers;

namespace ExactLip.Engines.Arguments;

/// <summary>
/// certify's options as a caller was given them: by the certify command's parser, or by a batch
/// job, whose fields are these very options (docs: a job line). Each is read here once, with
/// certify's defaults and certify's one sentence on a bad value, so a job and the command line
/// check alike. The sentences name the options as certify spells them (--lo, --time-limit…):
/// that spelling is the contract both callers share.
/// </summary>
public sealed record CertifyArguments
{
    public static CertifyArguments Defaults { get; } = new();

    /// <summary>The box's values as certify's options name them, for the sentences about them.</summary>
    private static readonly BoxNames OptionNames = new(Lower: "--lo", Upper: "--hi", Center: "--center", Radius: "--eps");

    public string? Lo { get; init; }

    public string? Hi { get; init; }

    public string? Center { get; init; }

    public double? Eps { get; init; }

    public string? Vnnlib { get; init; }

    public string Norm { get; init; } = "linf";

    public string? C { get; init; }

    public string? OutputNorm { get; init; }

    public string Method { get; init; } = CertificationMethod.Auto.Name();

    /// <summary>The back end's name, or null when none was given (each engine then takes its own default).</summary>
    public string? Solver { get; init; }

    public double? TimeLimit { get; init; }

    public double Gap { get; init; } = 1e-6;

    public double Tolerance { get; init; } = 1e-6;

    /// <summary>Solver threads, and branch-and-bound workers; null when not given.</summary>
    public int? Threads { get; init; }

    public string Bounds { get; init; } = "crown";

    public string Branching { get; init; } = "layer";

    public int Seed { get; init; }

    /// <summary>The input box: --lo/--hi, --center/--eps, or --vnnlib (exactly one of the three).</summary>
    public Box ReadBox(int inputs)
    {
        var given = (Lo is not null || Hi is not null ? 1 : 0) + (Center is not null || Eps is not null ? 1 : 0) + (Vnnlib is not null ? 1 : 0);
        if (given != 1)
        {
            throw new ExactLipException("Give the input box in exactly one way: --lo and --hi, --center and --eps, or --vnnlib.");
        }

        if (Vnnlib is not null)
        {
            var box = VnnLibReader.Read(Vnnlib);
            Preconditions.Length(box.Dimension, inputs, $"The box in {Vnnlib}");
            return box;
        }

        if (Center is not null || Eps is not null)
        {
            if (Center is null || Eps is null)
            {
                throw new ExactLipException("--center and --eps go together: give both.");
            }

            return Box.Ball(VectorArgument.Parse(Center, inputs, "--center"), Eps.Value, OptionNames);
        }

        if (Lo is null || Hi is null)
        {
            throw new ExactLipException("--lo and --hi go together: give both.");
        }

        return Box.FromUser(VectorArgument.Parse(Lo, inputs, "--lo"), VectorArgument.Parse(Hi, inputs, "--hi"), OptionNames);
    }

    /// <summary>The quantity: the input norm, and either output weights c or an output norm.</summary>
    public LipschitzQuantity ReadQuantity(int outputs)
    {
        var norm = Norms.Parse(Norm, "--norm");
        if (C is not null && OutputNorm is not null)
        {
            throw new ExactLipException("Give either --c (a scalar output cᵀf) or --output-norm (an operator norm), not both.");
        }

        if (C is not null)
        {
            return LipschitzQuantity.Scalar(norm, VectorArgument.Parse(C, outputs, "--c"));
        }

        var output = OutputNorm is null ? norm : Norms.Parse(OutputNorm, "--output-norm");
        return LipschitzQuantity.Operator(norm, output);
    }

    /// <summary>Mip or Bab for this network and quantity (auto resolved); the MIP path refuses ℓ2 here.</summary>
    /// <param name="wantsMip">The caller needs the MIP itself (--export-mps): auto then picks the MIP path wherever it applies.</param>
    public CertificationMethod ReadMethod(NeuralNetwork network, LipschitzQuantity quantity, bool wantsMip = false)
    {
        var asked = CertificationMethods.Parse(Method, "--method");
        var method = EngineChoice.Resolve(asked, network, quantity, wantsMip);
        if (method == CertificationMethod.Mip)
        {
            RequirePolyhedral(quantity);
        }
        else if (method == CertificationMethod.Bab)
        {
            RequireBranchAndBound(network, quantity, asked == CertificationMethod.Auto);
        }

        return method;
    }

    /// <summary>
    /// Refuses what branch and bound cannot certify, in the options' words (the engine's own
    /// sentences name no option): a layer other than affine and ReLU, ‖J‖ linf→l2, and the output
    /// norm l1 on more outputs than its bound enumerates.
    /// </summary>
    /// <param name="forL2">Auto chose branch and bound because only it measures ℓ2.</param>
    public static void RequireBranchAndBound(NeuralNetwork network, LipschitzQuantity quantity, bool forL2 = false)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(quantity);
        if (network.Simplify().Layers.FirstOrDefault(l => l is not (LinearLayer or ReluLayer)) is { } layer)
        {
            throw new ExactLipException(forL2
                ? $"Only --method bab measures l2, and it handles affine and ReLU layers only, but the network has a {layer.Kind} layer: use --norm linf or l1 (and --output-norm linf or l1) with --method mip."
                : $"--method bab handles affine and ReLU layers only, but the network has a {layer.Kind} layer: use --method mip.");
        }

        if (quantity is { IsScalar: false, InputNorm: Core.Norm.Linf, OutputNorm: Core.Norm.L2 })
        {
            throw new ExactLipException("Neither engine measures ‖J‖ linf→l2 (--norm linf with --output-norm l2): choose another pair of norms.");
        }

        if (!JacobianQuantity.Measures(quantity, network.OutputSize))
        {
            throw new ExactLipException($"--method bab measures the output norm l1 for at most {JacobianNorms.ExactSignEnumerationLimit} outputs, but the network has {network.OutputSize}: use --c or another output norm.");
        }
    }

    /// <summary>The run's settings, each checked with one sentence on a bad value.</summary>
    public CertifyOptions ReadOptions() => new(
        Bounds: BoundsMethods.Parse(Bounds),
        TimeLimit: CertifyArgumentChecks.TimeLimit(TimeLimit),
        Gap: CertifyArgumentChecks.NonNegative(Gap, "--gap"),
        Tolerance: CertifyArgumentChecks.Tolerance(Tolerance),
        Threads: CertifyArgumentChecks.ThreadCount(Threads ?? 1, "--threads"),
        Seed: Seed,
        ProgressInterval: TimeSpan.FromSeconds(0.5));

    /// <summary>
    /// How the engine <paramref name="method"/> is built: its back end, the branching rule, and the
    /// workers (--threads when given, else <paramref name="defaultWorkers"/>, else every core).
    /// </summary>
    public EngineSettings ReadSettings(CertificationMethod method, bool wantsMip = false, int? defaultWorkers = null)
    {
        var search = BranchAndBoundOptions.Default with { Branching = BranchingRules.Parse(Branching) };
        if (Threads is { } threads)
        {
            search = search with { Workers = CertifyArgumentChecks.ThreadCount(threads, "--threads") };
        }
        else if (defaultWorkers is { } workers)
        {
            search = search with { Workers = workers };
        }

        return new EngineSettings { Method = method, Solver = Solver, Search = search, WantsMip = wantsMip };
    }

    /// <summary>
    /// Refuses ℓ2 for the MIP path: the ℓ2 ball and the spectral norm are not polyhedral, so no
    /// MIP encodes them. Estimators (and engines that bound ℓ2 directly) accept them.
    /// </summary>
    public static void RequirePolyhedral(LipschitzQuantity quantity)
    {
        if (quantity.InputNorm == Core.Norm.L2)
        {
            throw new ExactLipException("--norm l2 is not polyhedral and has no MIP encoding: use linf or l1.");
        }

        if (!quantity.IsScalar && quantity.OutputNorm == Core.Norm.L2)
        {
            throw new ExactLipException("--output-norm l2 has no MIP encoding: use linf or l1.");
        }
    }
}

using System.CommandLine;
using System.Globalization;
using ExactLip.Bounds;
using ExactLip.BranchAndBound;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Mip.Solving;

namespace ExactLip.Cli;

/// <summary>
/// How certify runs, beyond the box and the quantity: the engine, its back end and its limits
/// (--method, --solver, --time-limit, --gap, --tolerance, --threads, --bounds, --seed). Declared
/// once, so a batch job reads its fields with certify's very defaults and checks.
/// </summary>
public sealed class EngineOptions
{
    /// <summary>The tolerance must stay below this: bounds a tenth apart do not make a value exact.</summary>
    public const double MaxTolerance = 0.1;

    private readonly Option<string> _method = new("--method") { Description = "Exact engine: mip (LipMIP through a MIP back end), bab (branch and bound over activation patterns; measures l2 too) or auto (chosen by docs/branch-and-bound.md's rule).", DefaultValueFactory = _ => CertificationEngines.Default };
    private readonly Option<string> _solver = new("--solver") { Description = "MIP back end: highs, scip, cbc, glpk, or auto (the strongest available: HiGHS, then SCIP, CBC, GLPK; 'exactlip solvers' lists them). With --method bab, the back end of the feasibility LPs (default glpk).", DefaultValueFactory = _ => "cbc" };
    private readonly Option<double?> _timeLimit = new("--time-limit") { Description = "Stop after this many seconds (at most 2000000, about 23 days; leave it out for no limit) and report the bounds found so far." };
    private readonly Option<double> _gap = new("--gap") { Description = "Relative gap at which the solver may stop.", DefaultValueFactory = _ => 1e-6 };
    private readonly Option<double> _tolerance = new("--tolerance") { Description = "The value is exact when upper - lower <= this times the value; above 0 and below 0.1.", DefaultValueFactory = _ => 1e-6 };
    private readonly Option<int> _threads = new("--threads") { Description = "Solver threads (branch-and-bound workers with --method bab).", DefaultValueFactory = _ => 1 };
    private readonly Option<string> _bounds = new("--bounds") { Description = "Pre-activation bounds: interval (LipMIP's setting), crown (linear bound propagation, tighter) or lp (crown, then LP tightening).", DefaultValueFactory = _ => "crown" };
    private readonly Option<string> _branching = new("--branching") { Description = "With --method bab, the neuron a sub-domain is split on: layer (default: earliest layer first, widest within it), influence, signal or width (measured in docs/benchmarks.md).", DefaultValueFactory = _ => "layer" };
    private readonly Option<int> _seed = new("--seed") { Description = "Seed of the starting-point search.", DefaultValueFactory = _ => 0 };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { _method, _solver, _timeLimit, _gap, _tolerance, _threads, _bounds, _branching, _seed })
        {
            command.Options.Add(o);
        }
    }

    /// <summary>The run's settings, each checked with one sentence on a bad value.</summary>
    public CertifyOptions Read(ParseResult parse) => new(
        Bounds: BoundsMethods.Parse(parse.GetValue(_bounds)!),
        TimeLimit: ReadTimeLimit(parse.GetValue(_timeLimit)),
        Gap: NonNegative(parse.GetValue(_gap), "--gap"),
        Tolerance: ReadTolerance(parse.GetValue(_tolerance)),
        Threads: AtLeastOne(parse.GetValue(_threads), "--threads"),
        Seed: parse.GetValue(_seed),
        ProgressInterval: TimeSpan.FromSeconds(0.5));

    /// <summary>"mip" or "bab" for this network and quantity (auto resolved); the MIP path refuses ℓ2 here.</summary>
    /// <param name="wantsMip">The caller needs the MIP itself (--export-mps): auto then picks the MIP path wherever it applies.</param>
    public string Engine(ParseResult parse, Network.Network network, LipschitzQuantity quantity, bool wantsMip = false)
    {
        var engine = CertificationEngines.Resolve(parse.GetValue(_method)!, network, quantity, wantsMip);
        if (engine == "mip")
        {
            QuantityOptions.RequirePolyhedral(quantity);
        }

        return engine;
    }

    /// <summary>The back end <paramref name="engine"/> uses; says which one --solver auto picked.</summary>
    public IMipSolver Backend(ParseResult parse, string engine, TextWriter messages)
    {
        var name = parse.GetValue(_solver)!;
        var given = parse.GetResult(_solver) is { Implicit: false };
        var backend = CertificationEngines.Backend(engine, name, given);
        if (given && name.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            messages.WriteLine($"solver: auto picked {backend.Name} {backend.Version} (the strongest back end available here)");
        }

        return backend;
    }

    /// <summary>
    /// Branch-and-bound settings: the branching rule, and the workers when --threads was given
    /// (else the engine's default).
    /// </summary>
    /// <param name="defaultWorkers">The workers when --threads is not given (null: the engine's default, every core).</param>
    public BranchAndBoundOptions Search(ParseResult parse, string engine, int? defaultWorkers = null)
    {
        var search = BranchAndBoundOptions.Default with { Branching = BranchingRules.Parse(parse.GetValue(_branching)!) };
        if (engine == "bab" && parse.GetResult(_threads) is { Implicit: false })
        {
            return search with { Workers = AtLeastOne(parse.GetValue(_threads), "--threads") };
        }

        return defaultWorkers is { } workers ? search with { Workers = workers } : search;
    }

    /// <summary>
    /// The largest time limit, in seconds (about 23 days). The clocks the back ends wait on count
    /// milliseconds in 32 bits (at most 24.8 days) and TimeSpan ends near 29,000 years, so a longer
    /// limit is refused with a sentence rather than clamped silently; leaving the option out means
    /// no limit.
    /// </summary>
    public const double MaxTimeLimitSeconds = 2_000_000;

    internal static TimeSpan? ReadTimeLimit(double? seconds)
    {
        if (seconds is not { } s)
        {
            return null;
        }

        Preconditions.Positive(s, "The time limit --time-limit");
        if (s > MaxTimeLimitSeconds)
        {
            throw new ExactLipException($"The time limit --time-limit must be at most {MaxTimeLimitSeconds.ToString(CultureInfo.InvariantCulture)} seconds (about 23 days), but it is {s.ToString(CultureInfo.InvariantCulture)}; leave it out for no limit.");
        }

        return TimeSpan.FromSeconds(s);
    }

    internal static int AtLeastOne(int value, string option) =>
        value >= 1 ? value : throw new ExactLipException($"{option} must be at least 1, but it is {value.ToString(CultureInfo.InvariantCulture)}.");

    /// <summary>
    /// Upper − lower ≤ T·value calls the value exact (Certificate.Agree). From 0.1 up that would
    /// call a value exact that may be off by a tenth or more, so such values are refused; so are 0
    /// and below (equal bounds to the last bit, which outward-rounded bounds seldom give) and NaN.
    /// </summary>
    internal static double ReadTolerance(double tolerance) =>
        tolerance is > 0 and < MaxTolerance
            ? tolerance
            : throw new ExactLipException($"--tolerance must be above 0 and below {MaxTolerance.ToString(CultureInfo.InvariantCulture)} (it is relative to the value: 1e-6, the default, is one part in a million), but it is {tolerance.ToString(CultureInfo.InvariantCulture)}.");

    private static double NonNegative(double value, string option)
    {
        Preconditions.Finite(value, option);
        if (value < 0)
        {
            throw new ExactLipException($"{option} must not be negative, but it is {value.ToString(CultureInfo.InvariantCulture)}.");
        }

        return value;
    }
}

using System.CommandLine;
using ExactLip.Certify;
using ExactLip.Engines;
using ExactLip.Engines.Arguments;

namespace ExactLip.Cli;

/// <summary>
/// How certify runs, beyond the box and the quantity: the engine, its back end and its limits
/// (--method, --solver, --time-limit, --gap, --tolerance, --threads, --bounds, --branching,
/// --seed). The options only parse; <see cref="CertifyArguments"/> reads them, with the defaults
/// and checks a batch job's fields get too.
/// </summary>
public sealed class EngineOptions
{
    private static readonly CertifyArguments Defaults = CertifyArguments.Defaults;

    private readonly Option<string> _method = new("--method") { Description = "Exact engine: auto (default: branch and bound and LipMIP at the same time on shares of the cores, sharing bounds, the first to close the gap ends both; where only one applies, that one), mip (LipMIP through a MIP back end) or bab (branch and bound over activation patterns; measures l2 too).", DefaultValueFactory = _ => Defaults.Method };
    private readonly Option<string> _solver = new("--solver") { Description = "MIP back end: highs, scip, cbc, glpk, or auto (the strongest available: HiGHS, then SCIP, CBC, GLPK; 'exactlip solvers' lists them). Default: cbc for --method mip, auto for the MIP of --method auto. With --method bab, the back end of the feasibility LPs (default glpk); with auto, of both.", DefaultValueFactory = _ => EngineSettings.DefaultMipSolver };
    private readonly Option<double?> _timeLimit = new("--time-limit") { Description = "Stop after this many seconds (at most 2000000, about 23 days; leave it out for no limit) and report the bounds found so far." };
    private readonly Option<double> _gap = new("--gap") { Description = "Relative gap at which the solver may stop.", DefaultValueFactory = _ => Defaults.Gap };
    private readonly Option<double> _tolerance = new("--tolerance") { Description = "The value is exact when upper - lower <= this times the value; above 0 and below 0.1.", DefaultValueFactory = _ => Defaults.Tolerance };
    private readonly Option<int> _threads = new("--threads") { Description = "Solver threads (branch-and-bound workers with --method bab; with auto, the cores the two engines share: branch and bound gets the larger half, the MIP the rest; default every core).", DefaultValueFactory = _ => 1 };
    private readonly Option<string> _bounds = new("--bounds") { Description = "Pre-activation bounds: interval (LipMIP's setting), crown (linear bound propagation, tighter) or lp (crown, then LP tightening).", DefaultValueFactory = _ => Defaults.Bounds };
    private readonly Option<string> _branching = new("--branching") { Description = "With --method bab, the neuron a sub-domain is split on: layer (default: earliest layer first, widest within it), objective (the split that lowers one half's Jacobian bound most), influence, signal or width (measured in docs/benchmarks.md).", DefaultValueFactory = _ => Defaults.Branching };
    private readonly Option<int> _seed = new("--seed") { Description = "Seed of the starting-point search.", DefaultValueFactory = _ => Defaults.Seed };

    public void AddTo(Command command)
    {
        foreach (var o in new Option[] { _method, _solver, _timeLimit, _gap, _tolerance, _threads, _bounds, _branching, _seed })
        {
            command.Options.Add(o);
        }
    }

    /// <summary>The options as given; --solver and --threads stay null when left out, so each engine takes its own default.</summary>
    public CertifyArguments Arguments(ParseResult parse) => new()
    {
        Method = parse.GetValue(_method)!,
        Solver = parse.GetResult(_solver) is { Implicit: false } ? parse.GetValue(_solver) : null,
        TimeLimit = parse.GetValue(_timeLimit),
        Gap = parse.GetValue(_gap),
        Tolerance = parse.GetValue(_tolerance),
        Threads = parse.GetResult(_threads) is { Implicit: false } ? parse.GetValue(_threads) : null,
        Bounds = parse.GetValue(_bounds)!,
        Branching = parse.GetValue(_branching)!,
        Seed = parse.GetValue(_seed),
    };

    /// <summary>
    /// The engine for this network and quantity, built with its back end; says which back end
    /// --solver auto picked.
    /// </summary>
    public static ICertificationEngine Create(CertifyArguments arguments, CertificationMethod method, TextWriter messages, bool wantsMip = false)
    {
        var engine = EngineChoice.Create(method, arguments.ReadSettings(method, wantsMip));
        if (arguments.Solver is { } name && name.Trim().Equals("auto", StringComparison.OrdinalIgnoreCase))
        {
            messages.WriteLine($"solver: auto picked {engine.Backend.Name} {engine.Backend.Version} (the strongest back end available here)");
        }

        return engine;
    }
}

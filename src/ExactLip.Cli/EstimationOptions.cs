using System.CommandLine;
using ExactLip.Core;
using ExactLip.Estimators;
using ExactLip.Mip.Solving;
using ExactLip.Solvers;

namespace ExactLip.Cli;

/// <summary>
/// The options <c>estimate</c> and <c>compare</c> share beyond the box and the quantity: which
/// estimators, the seed of the sampling ones, and the back end (LipLP's LPs; compare's exact run).
/// </summary>
public sealed class EstimationOptions
{
    private readonly Option<string> _methods = new("--methods") { Description = $"Estimators to run: all, or a comma-separated list of {string.Join(", ", EstimatorRegistry.Names)}.", DefaultValueFactory = _ => "all" };
    private readonly Option<int> _seed = new("--seed") { Description = "Seed of the sampling estimators (and of compare's starting-point search).", DefaultValueFactory = _ => 0 };
    private readonly Option<string> _solver = new("--solver") { Description = "Back end: cbc, glpk or auto (compare's exact run and LipLP's LPs).", DefaultValueFactory = _ => "cbc" };

    public void AddTo(Command command)
    {
        command.Options.Add(_methods);
        command.Options.Add(_seed);
        command.Options.Add(_solver);
    }

    public EstimatorSelection Methods(ParseResult parse) => EstimatorRegistry.Parse(parse.GetValue(_methods)!, "--methods");

    public int Seed(ParseResult parse) => parse.GetValue(_seed);

    public string SolverName(ParseResult parse) => parse.GetValue(_solver)!;

    /// <summary>The back end of compare's exact run: the one --solver names, or null when it is left out (the engine's own default, as in certify).</summary>
    public string? ExactSolver(ParseResult parse) => parse.GetResult(_solver) is { Implicit: false } ? SolverName(parse) : null;

    /// <summary>LipLP's LP back end: the chosen one, or null when its library is absent (LipLP then says so).</summary>
    public IMipSolver? LpSolver(ParseResult parse)
    {
        try
        {
            return SolverRegistry.Create(SolverName(parse));
        }
        catch (SolverUnavailableException)
        {
            return null;
        }
    }
}

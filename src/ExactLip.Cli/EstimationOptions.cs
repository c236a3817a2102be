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
    private readonly Option<string> _solver = new("--solver") { Description = "Back end: cbc, glpk or auto (compare's exact run and LipLP's LPs; the other back end checks LipLP when the first returns a solution that violates the model).", DefaultValueFactory = _ => "cbc" };

    public void AddTo(Command command)
    {
        command.Options.Add(_methods);
        command.Options.Add(_seed);
        command.Options.Add(_solver);
    }

    public EstimatorSelection Methods(ParseResult parse) => EstimatorRegistry.Parse(parse.GetValue(_methods)!);

    public int Seed(ParseResult parse) => parse.GetValue(_seed);

    public string SolverName(ParseResult parse) => parse.GetValue(_solver)!;

    /// <summary>LipLP's LP back ends: the chosen one first, the other CI back end as a fallback (either may be absent).</summary>
    public (IMipSolver? First, IMipSolver? Fallback) LpSolvers(ParseResult parse)
    {
        var chosen = SolverName(parse);
        var names = new List<string> { chosen };
        names.AddRange(new[] { "cbc", "glpk" }.Where(n => n != chosen));
        var available = new List<IMipSolver>();
        foreach (var name in names)
        {
            try
            {
                available.Add(SolverRegistry.Create(name));
            }
            catch (SolverUnavailableException)
            {
            }
        }

        return (available.ElementAtOrDefault(0), available.ElementAtOrDefault(1));
    }
}

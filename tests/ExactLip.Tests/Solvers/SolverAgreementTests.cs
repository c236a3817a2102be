using ExactLip.Mip.Solving;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Solvers;

/// <summary>Every pair of back ends must agree on the optimum of small random MIPs.</summary>
public class SolverAgreementTests
{
    [Fact]
    public void Solve_RandomSmallMips_AllBackendsAgree()
    {
        var solvers = ExactLip.Solvers.SolverRegistry.Names
            .Select(SolverBackends.CreateOrSkip).ToList();
        var options = new SolveOptions(TimeLimit: TimeSpan.FromSeconds(10), RelativeGap: 0);
        for (var seed = 0; seed < 20; seed++)
        {
            var model = SolverTestModels.Random(seed);
            var outcomes = solvers.Select(s => (s.Name, Outcome: s.Solve(model, options, null, TestContext.Current.CancellationToken))).ToList();
            var first = outcomes[0].Outcome;
            foreach (var (name, outcome) in outcomes)
            {
                outcome.Status.Should().Be(first.Status, $"seed {seed}, {name} vs {outcomes[0].Name}");
                if (outcome.Status == SolveStatus.Optimal)
                {
                    outcome.Primal.Should().BeApproximately(first.Primal!.Value, 1e-6, $"seed {seed}, {name}");
                    model.MaxViolation(outcome.Solution).Should().BeLessThan(1e-6);
                    model.Evaluate(outcome.Solution).Should().BeApproximately(outcome.Primal!.Value, 1e-6);
                }
            }
        }
    }
}

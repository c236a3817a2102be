using ExactLip.Mip.Solving;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Solvers;

/// <summary>Every pair of installed back ends must agree on the optimum of small random MIPs.</summary>
public class SolverAgreementTests
{
    [Fact]
    public void Solve_RandomSmallMips_AllBackendsAgree()
    {
        // Every back end that should be here takes part (one that does not load fails the test);
        // elsewhere the missing ones drop out.
        var solvers = ExactLip.Solvers.SolverRegistry.Names
            .Where(name => TestSolvers.Expected(name) || ExactLip.Solvers.SolverRegistry.List().Single(s => s.Name == name).IsAvailable)
            .Select(TestSolvers.Get).ToList();
        if (solvers.Count < 2)
        {
            Assert.Skip("Fewer than two MIP back ends are installed here.");
        }

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

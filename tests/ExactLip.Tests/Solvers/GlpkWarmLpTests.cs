using ExactLip.Mip;
using ExactLip.Mip.Solving;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Solvers;

/// <summary>
/// GLPK's kept LP (<see cref="IWarmLp"/>) answers each model as a fresh solve does, however the
/// models before it left the loaded problem: a sequence of random LPs over shared names, with rows
/// and variables appearing and disappearing, coefficients and bounds changing, compared with
/// GLPK solving each model from scratch and with the dense reference simplex.
/// </summary>
public class GlpkWarmLpTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomSequence_EveryAnswerEqualsAFreshSolve(int seed)
    {
        var fresh = TestSolvers.Get("glpk");
        using var warm = ((IWarmLpFactory)fresh).OpenWarmLp();
        var rng = new Random(seed);
        for (var step = 0; step < 60; step++)
        {
            var model = RandomBoundedLp(rng);
            var expected = fresh.Solve(model, SolveOptions.Default, null, CancellationToken.None);
            var actual = warm.Solve(model, SolveOptions.Default, null, CancellationToken.None);
            var because = $"seed {seed}, step {step}";

            actual.Status.Should().Be(expected.Status, because);
            if (expected.Status != SolveStatus.Optimal)
            {
                continue;
            }

            actual.Primal!.Value.Should().BeApproximately(expected.Primal!.Value, 1e-7 * (1 + Math.Abs(expected.Primal.Value)), because);
            actual.Solution.Should().HaveCount(model.Variables.Count);
            actual.RowDuals.Should().HaveCount(model.Rows.Count);
            Feasible(model, actual.Solution!).Should().BeTrue(because);
            Objective(model, actual.Solution!).Should().BeApproximately(actual.Primal.Value, 1e-7 * (1 + Math.Abs(actual.Primal.Value)), because);

            // The duals the kept LP reports bound the optimum as the fresh LP's do (weak duality over the boxes).
            LagrangianBound.UpperBound(model, actual.RowDuals!, Lower(model), Upper(model)).Should().BeGreaterThanOrEqualTo(actual.Primal.Value - 1e-7, because);
            LagrangianBound.UpperBound(model, actual.RowDuals!, Lower(model), Upper(model)).Should().BeApproximately(actual.Primal.Value, 1e-6 * (1 + Math.Abs(actual.Primal.Value)), because);
        }
    }

    [Fact]
    public void RepeatedRowNames_AreSolvedFromScratch()
    {
        // Two rows named alike cannot be told apart by name: x + y ≤ 4 and x − y ≤ 1, max x + y
        // over x ∈ [0, 2], y ∈ [0, 3] is 4 (x = 1.5 … 2, y = 4 − x).
        var variables = new[] { new MipVariable("x", 0, 2, false, 1), new MipVariable("y", 0, 3, false, 1) };
        var rows = new[]
        {
            new MipRow("r", new[] { 0, 1 }, new[] { 1.0, 1.0 }, double.NegativeInfinity, 4),
            new MipRow("r", new[] { 0, 1 }, new[] { 1.0, -1.0 }, double.NegativeInfinity, 1),
        };
        var fresh = TestSolvers.Get("glpk");
        using var warm = ((IWarmLpFactory)fresh).OpenWarmLp();

        var outcome = warm.Solve(new MipModel("twice", variables, rows, 0, null), SolveOptions.Default, null, CancellationToken.None);

        outcome.Status.Should().Be(SolveStatus.Optimal);
        outcome.Primal.Should().BeApproximately(4, 1e-9);
        outcome.RowDuals.Should().HaveCount(2);
    }

    /// <summary>
    /// max c·x over a box and a few rows Σ a·x ≤ b or ≥ b, the names drawn from small pools so
    /// that consecutive models share some rows and variables and not others.
    /// </summary>
    private static MipModel RandomBoundedLp(Random rng)
    {
        var b = new MipModelBuilder("random");
        var vars = new List<Var>();
        foreach (var j in Enumerable.Range(0, 8).Where(_ => rng.Next(4) != 0))
        {
            var lo = rng.Next(3) == 0 ? double.NegativeInfinity : -1 - rng.NextDouble();
            var v = b.AddVariable($"v{j}", lo, 1 + rng.NextDouble());
            b.SetObjective(v, rng.NextDouble() - 0.3);
            vars.Add(v);
        }

        if (vars.Count == 0)
        {
            vars.Add(b.AddVariable("v0", 0, 1));
        }

        foreach (var i in Enumerable.Range(0, 6).Where(_ => rng.Next(3) != 0))
        {
            var terms = vars.Where(_ => rng.Next(2) == 0).Select(v => new Term(v, Math.Round((rng.NextDouble() * 4) - 2, 2))).ToArray();
            if (rng.Next(2) == 0)
            {
                b.AddLessOrEqual($"r{i}", terms, rng.NextDouble() * 3);
            }
            else
            {
                b.AddGreaterOrEqual($"r{i}", terms, -rng.NextDouble() * 3);
            }
        }

        // A variable free below is bounded through the rows, or the LP is unbounded: both are asked.
        return b.Build();
    }

    private static double[] Lower(MipModel model) => model.Variables.Select(v => double.IsNegativeInfinity(v.Lower) ? -1e6 : v.Lower).ToArray();

    private static double[] Upper(MipModel model) => model.Variables.Select(v => v.Upper).ToArray();

    private static double Objective(MipModel model, double[] x) => model.Variables.Select((v, j) => v.Objective * x[j]).Sum();

    private static bool Feasible(MipModel model, double[] x)
    {
        for (var j = 0; j < x.Length; j++)
        {
            if (x[j] < model.Variables[j].Lower - 1e-7 || x[j] > model.Variables[j].Upper + 1e-7)
            {
                return false;
            }
        }

        return model.Rows.All(r =>
        {
            var lhs = r.Columns.Select((c, t) => r.Coefficients[t] * x[c]).Sum();
            return lhs >= r.Lower - 1e-7 && lhs <= r.Upper + 1e-7;
        });
    }
}

using ExactLip.Mip;
using ExactLip.Mip.Solving;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Solvers;

/// <summary>A warm LP session must give the same optima as fresh solves of the same LP.</summary>
public class LpSessionTests
{
    public static TheoryData<string> SessionBackends => new() { "glpk", "highs" };

    [Theory]
    [MemberData(nameof(SessionBackends))]
    public void Session_Optima_EqualFreshSolves_ForEveryObjective(string backend)
    {
        var solver = TestSolvers.Get(backend);
        var factory = solver.Should().BeAssignableTo<ILpSessionFactory>().Subject;

        // x + y ≤ 4, x + 3y ≤ 6, 0 ≤ x ≤ 3, y ≥ −1, with a binary that must be ignored.
        var b = new MipModelBuilder();
        var x = b.AddVariable("x", 0, 3);
        var y = b.AddVariable("y", -1, 10);
        var z = b.AddBinary("z");
        b.AddLessOrEqual("r1", new[] { new Term(x, 1), new Term(y, 1) }, 4);
        b.AddLessOrEqual("r2", new[] { new Term(x, 1), new Term(y, 3), new Term(z, 1) }, 6);
        var model = b.Build();

        using var session = factory.OpenLp(model);
        foreach (var column in new[] { 0, 1, 2, 1, 0 })
        {
            foreach (var sign in new[] { 1.0, -1.0 })
            {
                var fresh = solver.Solve(model.Relaxed().WithSingleObjective(column, sign), SolveOptions.Default, null, CancellationToken.None);
                session.Maximize(column, sign, null).Should().BeApproximately(fresh.Primal!.Value, 1e-9, $"column {column}, sign {sign}");
            }
        }

        // Hand-derived: max y = (6 + 1·0)/3 with z relaxed to 0 → 2; max x = 3; min y = −1.
        session.Maximize(1, 1, null).Should().BeApproximately(2, 1e-9);
        session.Maximize(0, 1, null).Should().BeApproximately(3, 1e-9);
        session.Maximize(1, -1, null).Should().BeApproximately(1, 1e-9);
    }
}

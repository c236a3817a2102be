using ExactLip.Mip;
using ExactLip.Mip.Solving;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.BranchAndBound;

/// <summary>
/// The rigorous dual bound against LPs solved by hand, and the back ends' row duals against the
/// same hand-derived multipliers (the sign convention LagrangianBound relies on).
/// </summary>
public class LagrangianBoundTests
{
    /// <summary>
    /// max x + y s.t. x + 2y ≤ 4, 3x + y ≤ 6, x, y ∈ [0, 10]: optimum 2.8 at (1.6, 1.2); the duals
    /// solve y₁ + 3y₂ = 1, 2y₁ + y₂ = 1: (0.4, 0.2).
    /// </summary>
    private static MipModel Packing()
    {
        var b = new MipModelBuilder("packing");
        var x = b.AddVariable("x", 0, 10);
        var y = b.AddVariable("y", 0, 10);
        b.SetObjective(x, 1);
        b.SetObjective(y, 1);
        b.AddLessOrEqual("a", new[] { new Term(x, 1), new Term(y, 2) }, 4);
        b.AddLessOrEqual("b", new[] { new Term(x, 3), new Term(y, 1) }, 6);
        return b.Build();
    }

    /// <summary>
    /// max −x − 2y s.t. x + y ≥ 1, x − y = 0, x, y ∈ [0, 5]: optimum −1.5 at (½, ½); both columns
    /// basic, so −1 = y₁ + y₂ and −2 = y₁ − y₂: (−1.5, 0.5), the first ≤ 0 on its lower side.
    /// </summary>
    private static MipModel Covering()
    {
        var b = new MipModelBuilder("covering");
        var x = b.AddVariable("x", 0, 5);
        var y = b.AddVariable("y", 0, 5);
        b.SetObjective(x, -1);
        b.SetObjective(y, -2);
        b.AddGreaterOrEqual("cover", new[] { new Term(x, 1), new Term(y, 1) }, 1);
        b.AddEquality("same", new[] { new Term(x, 1), new Term(y, -1) }, 0);
        return b.Build();
    }

    /// <summary>The back ends that report row duals; HiGHS is checked wherever it is installed.</summary>
    public static TheoryData<string> DualSolvers => new() { "cbc", "glpk", "highs" };

    private static double Bound(MipModel model, params double[] duals) =>
        LagrangianBound.UpperBound(model, duals, model.Variables.Select(v => v.Lower).ToArray(), model.Variables.Select(v => v.Upper).ToArray());

    [Fact]
    public void UpperBound_OptimalDuals_GiveTheOptimumRoundedUp()
    {
        Bound(Packing(), 0.4, 0.2).Should().BeInRange(2.8, 2.8 + 1e-12);
        Bound(Covering(), -1.5, 0.5).Should().BeInRange(-1.5, -1.5 + 1e-12);
    }

    [Fact]
    public void UpperBound_OtherMultipliers_GiveTheirHandValues()
    {
        // y = (1, 0): reduced costs (0, −1), so 4 + max 0·x + max −y = 4.
        Bound(Packing(), 1, 0).Should().BeInRange(4, 4 + 1e-12);

        // Multipliers of the wrong sign are dropped: max of x + y over the box, 20.
        Bound(Packing(), -1, -1).Should().BeInRange(20, 20 + 1e-12);

        // y = (0, 0) on the covering LP: max of −x − 2y over the box is 0.
        Bound(Covering(), 0, 0).Should().BeInRange(0, 1e-12);

        // A positive multiplier on a row without an upper side is dropped too; the equality keeps
        // its 0.5: reduced costs (−1.5, −1.5), bound 0 at the box's lower corner.
        Bound(Covering(), 3, 0.5).Should().BeInRange(0, 1e-12);
    }

    [Fact]
    public void UpperBound_BoxSmallerThanTheLp_BoundsOnlyItsPoints()
    {
        // With y = 0.5 on "same" and nothing on "cover": reduced costs (−1.5, −1.5); over x, y ∈ [1, 2] the bound is −3.
        var model = Covering();
        LagrangianBound.UpperBound(model, new[] { 0.0, 0.5 }, new[] { 1.0, 1 }, new[] { 2.0, 2 }).Should().BeInRange(-3, -3 + 1e-12);

        // An unbounded direction the multipliers leave priced upwards gives no bound.
        LagrangianBound.UpperBound(model, new[] { 0.0, 0 }, new[] { double.NegativeInfinity, 0 }, new[] { 5.0, 5 }).Should().Be(double.PositiveInfinity);

        // Multipliers that do not match the rows give no bound.
        LagrangianBound.UpperBound(model, new[] { 0.0 }, new[] { 0.0, 0 }, new[] { 5.0, 5 }).Should().Be(double.PositiveInfinity);
    }

    [Fact]
    public void UpperBound_RandomMultipliers_NeverBelowTheOptimum()
    {
        // Weak duality whatever the multipliers: the bound is never below a feasible point's value.
        var rng = new Random(3);
        foreach (var (model, optimum) in new[] { (Packing(), 2.8), (Covering(), -1.5) })
        {
            for (var trial = 0; trial < 1000; trial++)
            {
                var duals = new[] { (rng.NextDouble() - 0.5) * 20, (rng.NextDouble() - 0.5) * 20 };
                Bound(model, duals).Should().BeGreaterThanOrEqualTo(optimum, $"duals ({duals[0]}, {duals[1]})");
            }
        }
    }

    [Theory]
    [InlineData("cbc")]
    [InlineData("glpk")]
    [InlineData("highs")]
    [InlineData("scip")]
    public void ReportsRowDuals_SaysWhetherAnOptimalLpCarriesThem(string solverName)
    {
        // The engines route region LPs by this flag: a back end that claims duals it does not
        // return would leave every exclusion unproven.
        var solver = TestSolvers.Get(solverName);
        var outcome = solver.Solve(Packing(), SolveOptions.Default, null, CancellationToken.None);

        outcome.Status.Should().Be(SolveStatus.Optimal);
        (outcome.RowDuals is not null).Should().Be(solver.ReportsRowDuals);
    }

    [Theory]
    [MemberData(nameof(DualSolvers))]
    public void Solve_PureLp_ReportsTheHandDerivedRowDuals(string solverName)
    {
        var solver = TestSolvers.Get(solverName);
        solver.ReportsRowDuals.Should().BeTrue();
        foreach (var (model, optimum, duals) in new[] { (Packing(), 2.8, new[] { 0.4, 0.2 }), (Covering(), -1.5, new[] { -1.5, 0.5 }) })
        {
            var outcome = solver.Solve(model, SolveOptions.Default, null, CancellationToken.None);
            outcome.Status.Should().Be(SolveStatus.Optimal);
            outcome.Primal!.Value.Should().BeApproximately(optimum, 1e-9);
            outcome.Solution!.Length.Should().Be(2);
            outcome.RowDuals.Should().NotBeNull();
            outcome.RowDuals!.Count.Should().Be(2);
            outcome.RowDuals[0].Should().BeApproximately(duals[0], 1e-9, model.Name);
            outcome.RowDuals[1].Should().BeApproximately(duals[1], 1e-9, model.Name);
            Bound(model, outcome.RowDuals.ToArray()).Should().BeApproximately(optimum, 1e-9);
        }
    }

    [Theory]
    [MemberData(nameof(DualSolvers))]
    public void Solve_Mip_ReportsNoRowDuals(string solverName)
    {
        var b = new MipModelBuilder("mip");
        var x = b.AddBinary("x");
        var y = b.AddVariable("y", 0, 3);
        b.SetObjective(x, 1);
        b.SetObjective(y, 1);
        b.AddLessOrEqual("a", new[] { new Term(x, 2), new Term(y, 1) }, 2.5);
        var outcome = TestSolvers.Get(solverName).Solve(b.Build(), SolveOptions.Default, null, CancellationToken.None);

        outcome.Status.Should().Be(SolveStatus.Optimal);
        outcome.Primal!.Value.Should().BeApproximately(2.5, 1e-9);
        outcome.RowDuals.Should().BeNull();
    }
}

using ExactLip.Mip.Solving;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Solvers;

/// <summary>What every back end must do, run once per back end.</summary>
public class SolverConformanceTests
{
    private static readonly SolveOptions Quick = new(TimeLimit: TimeSpan.FromSeconds(20));

    [Theory]
    [MemberData(nameof(SolverBackends.Names), MemberType = typeof(SolverBackends))]
    public void Solve_Lp_ReturnsHandDerivedOptimumWithDualEqualPrimal(string backend)
    {
        var solver = TestSolvers.Get(backend);
        var model = SolverTestModels.Lp();

        var outcome = solver.Solve(model, Quick, null, TestContext.Current.CancellationToken);

        outcome.Status.Should().Be(SolveStatus.Optimal);
        outcome.Primal.Should().BeApproximately(SolverTestModels.LpOptimum, 1e-7);
        outcome.Dual.Should().BeApproximately(outcome.Primal!.Value, 1e-9);
        outcome.Solution.Should().NotBeNull();
        outcome.Solution!.Should().Equal(new[] { 3.0, 1, 2, 2 }, (a, b) => Math.Abs(a - b) < 1e-7);
        model.Evaluate(outcome.Solution).Should().BeApproximately(SolverTestModels.LpOptimum, 1e-7);
    }

    [Theory]
    [MemberData(nameof(SolverBackends.Names), MemberType = typeof(SolverBackends))]
    public void Solve_Mip_ReturnsHandDerivedOptimumAndFeasibleSolution(string backend)
    {
        var solver = TestSolvers.Get(backend);
        var model = SolverTestModels.Mip();

        var outcome = solver.Solve(model, Quick, null, TestContext.Current.CancellationToken);

        outcome.Status.Should().Be(SolveStatus.Optimal);
        outcome.Primal.Should().BeApproximately(SolverTestModels.MipOptimum, 1e-7);
        outcome.Dual.Should().BeGreaterThanOrEqualTo(outcome.Primal!.Value - 1e-9);
        outcome.Dual.Should().BeLessThanOrEqualTo(SolverTestModels.MipOptimum + 1e-5);
        model.MaxViolation(outcome.Solution).Should().BeLessThan(1e-6);
        model.Evaluate(outcome.Solution).Should().BeApproximately(SolverTestModels.MipOptimum, 1e-7);
    }

    [Theory]
    [MemberData(nameof(SolverBackends.Names), MemberType = typeof(SolverBackends))]
    public void Solve_InfeasibleModels_ReportInfeasible(string backend)
    {
        var solver = TestSolvers.Get(backend);
        foreach (var integer in new[] { false, true })
        {
            var outcome = solver.Solve(SolverTestModels.Infeasible(integer), Quick, null, TestContext.Current.CancellationToken);

            outcome.Status.Should().Be(SolveStatus.Infeasible, $"integer = {integer}");
            outcome.Primal.Should().BeNull();
            outcome.Solution.Should().BeNull();
        }
    }

    [Theory]
    [MemberData(nameof(SolverBackends.Names), MemberType = typeof(SolverBackends))]
    public void Solve_UnboundedModels_ReportUnbounded(string backend)
    {
        var solver = TestSolvers.Get(backend);
        foreach (var integer in new[] { false, true })
        {
            var outcome = solver.Solve(SolverTestModels.Unbounded(integer), Quick, null, TestContext.Current.CancellationToken);

            outcome.Status.Should().Be(SolveStatus.Unbounded, $"integer = {integer}");
        }
    }

    [Theory]
    [MemberData(nameof(SolverBackends.Names), MemberType = typeof(SolverBackends))]
    public void Solve_WithOptimalStart_KeepsOptimum(string backend)
    {
        var solver = TestSolvers.Get(backend);
        var model = SolverTestModels.Mip(start: new[] { 2.0, 1, 1, 2, 0 });

        var outcome = solver.Solve(model, Quick, null, TestContext.Current.CancellationToken);

        outcome.Status.Should().Be(SolveStatus.Optimal);
        outcome.Primal.Should().BeApproximately(SolverTestModels.MipOptimum, 1e-7);
    }

    [Theory]
    [MemberData(nameof(SolverBackends.Names), MemberType = typeof(SolverBackends))]
    public void Solve_HardModelWithStart_UsesTheStartWhereItSaysSo(string backend)
    {
        var solver = TestSolvers.Get(backend);
        var model = SolverTestModels.MarketSplit(6, 40, seed: 1, withStart: true);
        var startValue = model.Evaluate(model.Start);
        model.MaxViolation(model.Start).Should().BeLessThan(1e-9);

        var outcome = solver.Solve(model, new SolveOptions(TimeLimit: TimeSpan.FromSeconds(1)), null, TestContext.Current.CancellationToken);

        if (solver.UsesStart)
        {
            outcome.Primal.Should().BeGreaterThanOrEqualTo(startValue - 1e-6);
            outcome.History.Should().Contain(p => p.Source == "start" && p.Primal >= startValue - 1e-6);
        }
        else
        {
            // A back end that passes no start (CBC: see its implementation note) must still take a
            // model that carries one, and whatever it returns must be a point of the model.
            outcome.Status.Should().BeOneOf(SolveStatus.Optimal, SolveStatus.TimeLimit);
            outcome.History.Should().NotContain(p => p.Source == "start");
            if (outcome.Solution is { } point)
            {
                model.MaxViolation(point).Should().BeLessThan(1e-6);
            }
        }
    }

    [Theory]
    [MemberData(nameof(SolverBackends.Names), MemberType = typeof(SolverBackends))]
    public void Solve_WithStart_ReturnsASolutionWhoseObjectiveIsThePrimal(string backend)
    {
        // CBC 2.10.8 given a MIP start once reported the optimum's value with a worse point.
        var solver = TestSolvers.Get(backend);
        var model = SolverTestModels.MarketSplit(4, 14, seed: 3, withStart: true);

        var outcome = solver.Solve(model, SolveOptions.Default, null, TestContext.Current.CancellationToken);

        outcome.Status.Should().Be(SolveStatus.Optimal);
        model.MaxViolation(outcome.Solution).Should().BeLessThan(1e-6);
        model.Evaluate(outcome.Solution).Should().BeApproximately(outcome.Primal!.Value, 1e-6);
    }

    [Theory]
    [MemberData(nameof(SolverBackends.Names), MemberType = typeof(SolverBackends))]
    public void Solve_HardModelWithTimeLimit_StopsWithValidBounds(string backend)
    {
        var solver = TestSolvers.Get(backend);
        var model = SolverTestModels.MarketSplit(6, 40, seed: 2);
        var seen = new List<SolveProgress>();

        var outcome = solver.Solve(model, new SolveOptions(TimeLimit: TimeSpan.FromSeconds(2)), new SyncProgress(seen), TestContext.Current.CancellationToken);

        outcome.Status.Should().Be(SolveStatus.TimeLimit);
        outcome.Dual.Should().NotBeNull();
        outcome.Dual.Should().BeGreaterThanOrEqualTo(-1e-6, "the LP bound of market split is 0 and no split is exact");
        if (outcome.Primal is { } primal)
        {
            primal.Should().BeLessThanOrEqualTo(outcome.Dual!.Value + 1e-6);
            model.MaxViolation(outcome.Solution).Should().BeLessThan(1e-6);
            model.Evaluate(outcome.Solution).Should().BeApproximately(primal, 1e-6);
        }

        seen.Where(p => p.Source != "final").Should().NotBeEmpty("progress must arrive during the search");
        foreach (var p in seen)
        {
            if (p.Primal is { } a && p.Dual is { } d)
            {
                a.Should().BeLessThanOrEqualTo(d + 1e-6);
            }
        }
    }

    [Theory]
    [MemberData(nameof(SolverBackends.Names), MemberType = typeof(SolverBackends))]
    public void Solve_CancelledFromProgress_ReturnsInterruptedWithConsistentBounds(string backend)
    {
        var solver = TestSolvers.Get(backend);
        var model = SolverTestModels.MarketSplit(6, 40, seed: 3);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var progress = new SyncProgress(new List<SolveProgress>(), _ => cts.Cancel());

        // The limit bounds how long an abandoned native search may go on (CBC cannot be stopped).
        var outcome = solver.Solve(model, new SolveOptions(TimeLimit: TimeSpan.FromSeconds(3)), progress, cts.Token);

        outcome.Status.Should().Be(SolveStatus.Interrupted);
        if (outcome.Primal is { } primal && outcome.Dual is { } dual)
        {
            primal.Should().BeLessThanOrEqualTo(dual + 1e-6);
        }
    }

    [Theory]
    [MemberData(nameof(SolverBackends.Names), MemberType = typeof(SolverBackends))]
    public void Solve_AlreadyCancelled_ReturnsInterrupted(string backend)
    {
        var solver = TestSolvers.Get(backend);

        var outcome = solver.Solve(SolverTestModels.Mip(), Quick, null, new CancellationToken(canceled: true));

        outcome.Status.Should().Be(SolveStatus.Interrupted);
    }

    /// <summary>An IProgress that runs on the reporting thread (Progress&lt;T&gt; would post to a pool).</summary>
    private sealed class SyncProgress : IProgress<SolveProgress>
    {
        private readonly List<SolveProgress> _seen;
        private readonly Action<SolveProgress>? _then;

        public SyncProgress(List<SolveProgress> seen, Action<SolveProgress>? then = null)
        {
            _seen = seen;
            _then = then;
        }

        public void Report(SolveProgress value)
        {
            lock (_seen)
            {
                _seen.Add(value);
            }

            _then?.Invoke(value);
        }
    }
}

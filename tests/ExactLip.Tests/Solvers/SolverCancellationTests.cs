using ExactLip.Mip.Solving;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Solvers;

/// <summary>
/// A cancelled search stops at the solver's next check: the token is cancelled from inside the
/// first progress report (a solver callback), and every callback the back end makes after that
/// is counted through the progress sink, which is told of each one (interval zero). The model is
/// a market-split instance that none of the back ends closes in a few callbacks, so a back end
/// that ignored the token would report on for its whole time limit. CBC is not here: its C
/// interface has no callback that can stop a search (docs/certify.md).
/// </summary>
public sealed class SolverCancellationTests
{
    /// <summary>Callbacks allowed after the cancelling one: the one that sees the token and stops, and a few of a kind that cannot stop (HiGHS's logging, SCIP's finishing node).</summary>
    private const int CallbacksAfterCancellation = 4;

    public static TheoryData<string> Interruptible => new() { "highs", "scip", "glpk" };

    [Theory]
    [MemberData(nameof(Interruptible))]
    public void A_search_cancelled_from_its_callback_stops_within_a_few_callbacks(string backend)
    {
        var solver = TestSolvers.Get(backend);
        var model = SolverTestModels.MarketSplit(6, 40, seed: 3);
        using var stop = new CancellationTokenSource();
        var sink = new CancellingSink(stop);

        var outcome = solver.Solve(model, new SolveOptions(TimeLimit: TimeSpan.FromSeconds(120), ProgressInterval: TimeSpan.Zero), sink, stop.Token);

        sink.Reports.Should().BeGreaterThan(0, "the back end reports from its callbacks");
        outcome.Status.Should().Be(SolveStatus.Interrupted);
        sink.AfterCancellation.Should().BeLessThanOrEqualTo(CallbacksAfterCancellation, "the search stops at the callback that sees the token");
    }

    /// <summary>Cancels at the first report and counts the reports that follow.</summary>
    private sealed class CancellingSink : IProgress<SolveProgress>
    {
        private readonly CancellationTokenSource _stop;
        private int _reports;
        private int _after;

        public CancellingSink(CancellationTokenSource stop)
        {
            _stop = stop;
        }

        public int Reports => Volatile.Read(ref _reports);

        public int AfterCancellation => Volatile.Read(ref _after);

        public void Report(SolveProgress value)
        {
            if (Interlocked.Increment(ref _reports) == 1)
            {
                _stop.Cancel();
                return;
            }

            Interlocked.Increment(ref _after);
        }
    }
}

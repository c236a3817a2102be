using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Engines;
using ExactLip.Network;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Engines;

/// <summary>
/// The MIP lane of a race stops at its solver's next check once cancelled: the run is cancelled
/// from inside its first report of a MIP being solved (a solver callback), and the reports that
/// follow are counted (interval zero: every callback reports). A lane that noticed the stop only
/// between its phases would report on to the end of its MIP and then start the next sub-problem.
/// </summary>
public sealed class MipLaneCancellationTests
{
    private const int CallbacksAfterCancellation = 4;

    public static TheoryData<string> Interruptible => new() { "highs", "scip", "glpk" };

    [Theory]
    [MemberData(nameof(Interruptible))]
    public void A_cancelled_mip_lane_returns_within_a_few_callbacks_and_starts_no_further_subproblem(string backend)
    {
        var network = RandomNetworks.Mlp(new Random(1001), 10, [40, 40], 3);
        var box = new Box(Enumerable.Repeat(-0.2, 10).ToArray(), Enumerable.Repeat(0.2, 10).ToArray());
        var quantity = LipschitzQuantity.Operator(Norm.Linf, Norm.Linf);
        using var stop = new CancellationTokenSource();
        var sink = new CancellingSink(stop);
        var options = new CertifyOptions(TimeLimit: TimeSpan.FromSeconds(120), ProgressInterval: TimeSpan.Zero, Samples: 16, LocalSteps: 20);

        var result = new MipEngine(TestSolvers.Get(backend)).Certify(new CertificationRequest(network, box, quantity, options) { Progress = sink, CancellationToken = stop.Token });

        sink.SolverReports.Should().BeGreaterThan(0, "the MIP reports from its solver's callbacks");
        sink.SolverReportsAfterCancellation.Should().BeLessThanOrEqualTo(CallbacksAfterCancellation);
        result.Stop.Should().Be(StopReason.Interrupted);
        result.Subproblems.Should().HaveCount(3);
        result.Subproblems.Count(s => s.Ending == SubproblemOutcome.Interrupted).Should().Be(1, "the sub-problem being solved was interrupted");
        result.Subproblems.Where(s => s.Ending != SubproblemOutcome.Interrupted).Should()
            .OnlyContain(s => s.Ending == SubproblemOutcome.NotStarted || s.Ending == SubproblemOutcome.Pruned, "no sub-problem is solved after the stop");
    }

    /// <summary>Cancels at the first report of a MIP being solved and counts those that follow.</summary>
    private sealed class CancellingSink : IProgress<CertifyProgress>
    {
        private readonly CancellationTokenSource _stop;
        private int _reports;
        private int _after;

        public CancellingSink(CancellationTokenSource stop)
        {
            _stop = stop;
        }

        public int SolverReports => Volatile.Read(ref _reports);

        public int SolverReportsAfterCancellation => Volatile.Read(ref _after);

        public void Report(CertifyProgress value)
        {
            if (value.Phase != RunPhase.Mip)
            {
                return;
            }

            if (Interlocked.Increment(ref _reports) == 1)
            {
                _stop.Cancel();
                return;
            }

            Interlocked.Increment(ref _after);
        }
    }
}

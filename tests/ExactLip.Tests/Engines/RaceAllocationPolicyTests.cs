using ExactLip.Engines;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Engines;

/// <summary>
/// The portfolio's core allocation as a function of what the engines have shown: who gets the
/// cores, when the MIP path is demoted, that demotion is final and the gate is not.
/// </summary>
public sealed class RaceAllocationPolicyTests
{
    private static readonly RaceAllocationPolicy Policy = RaceAllocationPolicy.Default;

    /// <summary>Two cores, one MIP thread, lower bound 10, the MIP's propagated bound 20.</summary>
    private static RaceEvidence Evidence(double seconds, double bab, double mip, int? binaries = 60, bool running = true) =>
        new(TimeSpan.FromSeconds(seconds), Cores: 2, MipThreads: 1, Lower: 10, BabUpper: bab, MipUpper: mip, MipPropagatedUpper: 20, MipBinaries: binaries, MipRunning: running);

    [Fact]
    public void AtTheStart_BranchAndBoundHasEveryCore_AndTheMipItsPriority()
    {
        var start = RaceAllocationPolicy.Initial(2);

        start.BabWorkers.Should().Be(2);
        start.MipDemoted.Should().BeFalse();
    }

    [Fact]
    public void BeforeTheMipSolverHasABoundOfItsOwn_NothingMoves_ThoughBranchAndBoundIsFarBelowItsPropagatedBound()
    {
        // The digits CNN: branch and bound at 15.4 against the MIP's propagated 19.7, and the MIP won.
        var next = Policy.Decide(Evidence(0.5, bab: 11, mip: 20), RaceAllocationPolicy.Initial(2));

        next.BabWorkers.Should().Be(2);
        next.MipDemoted.Should().BeFalse();
    }

    [Fact]
    public void AMipWithManyBinaries_IsDemotedAtOnce()
    {
        var next = Policy.Decide(Evidence(0.3, bab: 18, mip: 20, binaries: 791), RaceAllocationPolicy.Initial(2));

        next.MipDemoted.Should().BeTrue();
        next.MipNice.Should().Be(19, "a MIP that cannot close gets the lowest priority, not a tenth of a core");
        next.BabWorkers.Should().Be(2);
        next.Reason.Should().Contain("791 binaries");
        next.MipShare.Should().Be(Policy.HopelessShare);
    }

    [Fact]
    public void AMipDemotedForALead_ThatThenBuildsAHopelessModel_GoesToTheLowestPriority_AndNoFurther()
    {
        var demoted = Policy.Decide(Evidence(1.0, bab: 12, mip: 18), RaceAllocationPolicy.Initial(2));
        demoted.MipNice.Should().Be(Policy.DemotedNice);

        var hopeless = Policy.Decide(Evidence(2.0, bab: 12, mip: 18, binaries: 852), demoted);
        hopeless.MipNice.Should().Be(Policy.HopelessNice);

        Policy.Decide(Evidence(3.0, bab: 12, mip: 18, binaries: 900), hopeless).MipNice.Should().Be(Policy.HopelessNice);
    }

    [Fact]
    public void ALeadAfterTheHopelessDemotion_DoesNotRaiseTheMipsPriorityAgain()
    {
        var hopeless = Policy.Decide(Evidence(0.3, bab: 18, mip: 20, binaries: 791), RaceAllocationPolicy.Initial(2));

        var lead = Policy.Decide(Evidence(1.0, bab: 12, mip: 18, binaries: 791), hopeless);

        lead.MipNice.Should().Be(Policy.HopelessNice);
    }

    [Theory]
    [InlineData(0.005, 1.0)] // a 5 ms race: the floor of 1 ms
    [InlineData(0.2, 10.0)] // a 0.2 s race: 5 % of it
    [InlineData(0.6, 30.0)]
    [InlineData(10.0, 50.0)] // a long race: at most 50 ms
    public void TheStopGrace_IsAShareOfTheRace_BetweenItsFloorAndItsCap(double decidedSeconds, double graceMilliseconds)
    {
        Policy.StopGrace(TimeSpan.FromSeconds(decidedSeconds)).TotalMilliseconds.Should().BeApproximately(graceMilliseconds, 1e-6);
    }

    [Fact]
    public void AMipBelowTheBinaryLimit_IsNotDemoted()
    {
        var next = Policy.Decide(Evidence(0.3, bab: 18, mip: 20, binaries: Policy.HopelessBinaries - 1), RaceAllocationPolicy.Initial(2));

        next.MipDemoted.Should().BeFalse();
    }

    [Fact]
    public void WhileTheMipSolversBoundIsBelowBranchAndBounds_TheExtraWorkersWait_AndReturnWhenItIsNoLonger()
    {
        var mipAhead = Policy.Decide(Evidence(0.8, bab: 15.4, mip: 13.9), RaceAllocationPolicy.Initial(2));
        mipAhead.BabWorkers.Should().Be(1, "one core stays with the MIP thread");
        mipAhead.MipDemoted.Should().BeFalse();

        var babAhead = Policy.Decide(Evidence(1.2, bab: 13.8, mip: 13.9), mipAhead);
        babAhead.BabWorkers.Should().Be(1, "a lead of 0.1 in a gap of 3.9 is not decisive, and it has not lasted");
        babAhead.MipDemoted.Should().BeFalse();

        var lasting = Policy.Decide(Evidence(2.2, bab: 13.8, mip: 13.9), babAhead);
        lasting.BabWorkers.Should().Be(2, "the gate is reversible: branch and bound's lead has lasted 1 s");

        var decisive = Policy.Decide(Evidence(1.2, bab: 11, mip: 13.9), mipAhead);
        decisive.BabWorkers.Should().Be(2, "branch and bound's gap 1 is a third of the MIP's");
    }

    [Fact]
    public void TheDigitsCnnsCrossingBounds_LeaveTheMipItsCore()
    {
        // Measured: the MIP's 247.387 below branch and bound's 248.851, then branch and bound at
        // 247.088, then the MIP at 244.786 over the lower bound 244.62 (the MIP closed the gap).
        RaceEvidence At(double seconds, double bab, double mip) => new(TimeSpan.FromSeconds(seconds), 2, 1, 244.62, bab, mip, 283.3, 46, true);
        var gate = Policy.Decide(At(0.37, 248.851, 247.387), RaceAllocationPolicy.Initial(2));
        var crossed = Policy.Decide(At(0.69, 247.088, 247.387), gate);
        var again = Policy.Decide(At(1.09, 247.088, 244.786), crossed);

        gate.BabWorkers.Should().Be(1);
        crossed.BabWorkers.Should().Be(1, "a lead of 0.3 in a gap of 2.8 does not reopen the gate");
        again.BabWorkers.Should().Be(1);
        again.MipDemoted.Should().BeFalse();
    }

    [Fact]
    public void ADecisiveLeadOfBranchAndBound_DemotesTheMipAtOnce()
    {
        // mlp 10-60-60-3, ε = 0.05, ‖J‖: bounds 2.41 and 7.08 over 1.98 when the MIP's root LP ended.
        var next = Policy.Decide(Evidence(1.0, bab: 12, mip: 18), RaceAllocationPolicy.Initial(2));

        next.MipDemoted.Should().BeTrue("branch and bound's gap 2 is a quarter of the MIP's 8");
        next.BabWorkers.Should().Be(2);
    }

    [Fact]
    public void AnOverwhelmingLead_SendsADemotedMipToTheLowestPriority_ADecisiveOneDoesNot()
    {
        // Gaps over the lower bound 10: branch and bound's 2 against the MIP's 8 (0.25), then 0.5 against 8.
        var demoted = Policy.Decide(Evidence(1.0, bab: 12, mip: 18), RaceAllocationPolicy.Initial(2));
        demoted.MipNice.Should().Be(Policy.DemotedNice);
        Policy.Decide(Evidence(2.0, bab: 12, mip: 18), demoted).MipNice.Should().Be(Policy.DemotedNice, "a gap a quarter of the MIP's is decisive, not overwhelming");

        demoted.MipShare.Should().Be(Policy.DecisiveShare);
        var overwhelmed = Policy.Decide(Evidence(3.0, bab: 10.5, mip: 18), demoted);
        overwhelmed.MipNice.Should().Be(Policy.HopelessNice);
        overwhelmed.MipShare.Should().Be(Policy.HopelessShare);
        overwhelmed.BabWorkers.Should().Be(2);
        overwhelmed.Reason.Should().Contain("0.063 of the MIP solver's");
    }

    [Fact]
    public void ANarrowLeadOfBranchAndBound_NeverDemotesTheMip_HoweverLongItLasts_AndAnInterruptionRestartsItsClock()
    {
        var first = Policy.Decide(Evidence(1.0, bab: 15, mip: 16), RaceAllocationPolicy.Initial(2));
        first.MipDemoted.Should().BeFalse();
        first.BabLeadSince.Should().Be(TimeSpan.FromSeconds(1.0));

        var interrupted = Policy.Decide(Evidence(1.5, bab: 15, mip: 14.9), first);
        interrupted.BabLeadSince.Should().BeNull();

        var again = Policy.Decide(Evidence(1.6, bab: 14.5, mip: 14.9), interrupted);
        again.BabLeadSince.Should().Be(TimeSpan.FromSeconds(1.6));

        // The digits CNN's image 8: a MIP demoted for a lead that had only lasted, the faster engine there, lost a second.
        var lasted = Policy.Decide(Evidence(30, bab: 14.5, mip: 14.9), again);
        lasted.MipDemoted.Should().BeFalse("a narrow lead demotes nothing, however long it lasts");
        lasted.MipShare.Should().Be(1);
    }

    [Fact]
    public void DemotionIsFinal_ButTheGateStillClosesWhenTheMipLeadsLater()
    {
        var demoted = Policy.Decide(Evidence(1.0, bab: 12, mip: 18), RaceAllocationPolicy.Initial(2));
        demoted.MipDemoted.Should().BeTrue();

        var mipAhead = Policy.Decide(Evidence(3.0, bab: 11.5, mip: 11), demoted);
        mipAhead.MipDemoted.Should().BeTrue();
        mipAhead.BabWorkers.Should().Be(1);
    }

    [Fact]
    public void OnceTheMipHasReturned_BranchAndBoundHasEveryCore()
    {
        var mipAhead = Policy.Decide(Evidence(0.8, bab: 15.4, mip: 13.9), RaceAllocationPolicy.Initial(2));

        var next = Policy.Decide(Evidence(5.0, bab: 15.4, mip: 13.9, running: false), mipAhead);

        next.BabWorkers.Should().Be(2);
    }

    [Fact]
    public void OnOneCore_BranchAndBoundKeepsItsOneWorker()
    {
        var evidence = Evidence(0.8, bab: 15.4, mip: 13.9) with { Cores = 1 };

        Policy.Decide(evidence, RaceAllocationPolicy.Initial(1)).BabWorkers.Should().Be(1);
    }

    [Fact]
    public void OnFourCores_TheMipLeadHoldsBackAsManyWorkersAsTheMipHasThreads()
    {
        var evidence = Evidence(0.8, bab: 15.4, mip: 13.9) with { Cores = 4, MipThreads = 2 };

        Policy.Decide(evidence, RaceAllocationPolicy.Initial(4)).BabWorkers.Should().Be(2);
    }

    [Fact]
    public void TheMipStarts_OnceBranchAndBoundIsPastItsRoot_OrAfterTheRootWait()
    {
        Policy.MipStartDelay(babPastRoot: false, TimeSpan.FromMilliseconds(10)).Should().Be(TimeSpan.FromMilliseconds(40));
        Policy.MipStartDelay(babPastRoot: true, TimeSpan.FromMilliseconds(10)).Should().Be(TimeSpan.Zero);
        Policy.MipStartDelay(babPastRoot: false, TimeSpan.FromMilliseconds(50)).Should().Be(TimeSpan.Zero, "the MNIST boxes' root takes 0.5–0.9 s: the MIP does not wait for it");
        (Policy with { RootWait = TimeSpan.Zero }).MipStartDelay(babPastRoot: false, TimeSpan.Zero).Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void OnFewInputs_TheMipWaitsTheFewInputsWait_WhateverTheRoot()
    {
        var policy = Policy with { FewInputsWait = TimeSpan.FromMilliseconds(250), FewInputs = 10 };
        policy.MipStartDelay(babPastRoot: true, TimeSpan.FromMilliseconds(10), inputs: 10).Should().Be(TimeSpan.FromMilliseconds(240), "on 10 inputs branch and bound won every instance measured");
        policy.MipStartDelay(babPastRoot: false, TimeSpan.FromMilliseconds(100), inputs: 5).Should().Be(TimeSpan.FromMilliseconds(150));
        policy.MipStartDelay(babPastRoot: true, TimeSpan.FromMilliseconds(250), inputs: 5).Should().Be(TimeSpan.Zero);
        policy.MipStartDelay(babPastRoot: true, TimeSpan.FromMilliseconds(10), inputs: 11).Should().Be(TimeSpan.Zero, "the digits CNN (64 inputs) and MNIST keep the root rule");
        policy.MipStartDelay(babPastRoot: false, TimeSpan.FromMilliseconds(10), inputs: 64).Should().Be(TimeSpan.FromMilliseconds(40));
        (policy with { FewInputsWait = TimeSpan.Zero }).MipStartDelay(babPastRoot: false, TimeSpan.FromMilliseconds(10), inputs: 5)
            .Should().Be(TimeSpan.FromMilliseconds(40), "without the wait the root rule alone decides");
    }
}

using ExactLip.Core.Threading;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Engines;

/// <summary>
/// Lowering the priority of one engine's threads (<see cref="ThreadGroup"/>, <see cref="ThreadNice"/>):
/// the members and the threads they start are demoted, nobody else is. The nice values are read
/// back from the kernel (getpriority), not from the group's own record.
/// </summary>
public sealed class ThreadGroupTests
{
    [Fact]
    public void ThreadNice_IsSupportedOnLinux()
    {
        ThreadNice.Supported.Should().Be(OperatingSystem.IsLinux());
    }

    [Fact]
    public void Demote_RaisesTheNiceOfEveryMemberAndOfThreadsTheyStart_AndOfNoOtherThread()
    {
        if (!ThreadNice.Supported)
        {
            // Elsewhere the race keeps its fixed split (PortfolioEngine.Create), and nothing here applies.
            ThreadNice.Raise(ThreadNice.CurrentThreadId(), 10).Should().BeFalse();
            return;
        }

        var group = new ThreadGroup();
        var outsider = ThreadNice.Of(ThreadNice.CurrentThreadId());
        using var demoted = new ManualResetEventSlim();
        using var measured = new ManualResetEventSlim();
        int? memberNice = null;
        int? childNice = null;
        int? bystanderNice = null;
        var member = new Thread(() =>
        {
            using var scope = group.Enter();
            using var enlisted = ThreadGroup.Enlist();
            demoted.Wait();
            memberNice = ThreadNice.Of(ThreadNice.CurrentThreadId());

            // A thread a member starts after the demotion (as CBC's solve thread is) joins demoted.
            var child = new Thread(() =>
            {
                using var joined = ThreadGroup.Enlist();
                childNice = ThreadNice.Of(ThreadNice.CurrentThreadId());
            });
            child.Start();
            child.Join();
        });
        var bystander = new Thread(() =>
        {
            measured.Wait();
            bystanderNice = ThreadNice.Of(ThreadNice.CurrentThreadId());
        });
        member.Start();
        bystander.Start();
        SpinWait.SpinUntil(() => group.Count == 1, TimeSpan.FromSeconds(10)).Should().BeTrue("the member enlists");

        group.Demote(10).Should().BeTrue();
        demoted.Set();
        member.Join();
        measured.Set();
        bystander.Join();

        memberNice.Should().Be(10);
        childNice.Should().Be(10);
        bystanderNice.Should().Be(outsider, "a thread outside the group keeps its priority");
        ThreadNice.Of(ThreadNice.CurrentThreadId()).Should().Be(outsider);
        group.Count.Should().Be(0, "threads leave the group when they are done, so a reused thread id is never demoted");
    }

    [Fact]
    public void Enlist_OutsideAnyGroup_DoesNothing()
    {
        ThreadGroup.Current.Should().BeNull();
        using var enlisted = ThreadGroup.Enlist();
        ThreadGroup.Current.Should().BeNull();
    }

    [Fact]
    public async Task Pace_WithoutALimit_NeverWaits()
    {
        var group = new ThreadGroup();
        using var never = new CancellationTokenSource();
        var paced = Task.Run(
            () =>
            {
                using var scope = group.Enter();
                var clock = System.Diagnostics.Stopwatch.StartNew();
                while (clock.Elapsed < 3 * ThreadGroup.RunSlice)
                {
                    ThreadGroup.Pace(never.Token);
                }
            },
            TestContext.Current.CancellationToken);

        // A wait would last until the token is cancelled, which it never is: the limit is only a hang guard.
        await paced.WaitAsync(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken);
        paced.IsCompletedSuccessfully.Should().BeTrue("a group without a limit runs freely");
    }

    [Fact]
    public void Pace_UnderALimit_SleepsAfterARunSlice_UntilTheTokenIsCancelled()
    {
        var group = new ThreadGroup();
        group.Limit(0.001);
        using var stop = new CancellationTokenSource();
        using var slicePassed = new ManualResetEventSlim();
        var cancelledWhenItReturned = false;
        var member = new Thread(() =>
        {
            using var scope = group.Enter();
            ThreadGroup.Pace(stop.Token);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (clock.Elapsed < 2 * ThreadGroup.RunSlice)
            {
            }

            slicePassed.Set();

            // A share of 0.001 makes this pause RunSlice · 999, about 10 s, unless the token ends it.
            ThreadGroup.Pace(stop.Token);
            cancelledWhenItReturned = stop.IsCancellationRequested;
        });
        member.Start();
        slicePassed.Wait(TimeSpan.FromMinutes(1), TestContext.Current.CancellationToken).Should().BeTrue();
        stop.Cancel();
        member.Join(TimeSpan.FromMinutes(1)).Should().BeTrue();
        cancelledWhenItReturned.Should().BeTrue("the member slept at its pause point until the token was cancelled");
    }
}

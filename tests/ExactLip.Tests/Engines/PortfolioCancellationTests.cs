using ExactLip.BranchAndBound;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Core.Threading;
using ExactLip.Engines;
using ExactLip.Mip.Solving;
using ExactLip.Network;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Engines;

/// <summary>
/// The first engine to close the gap ends the other: given the time (a stop grace longer than the
/// test), the portfolio returns only after the other has seen its cancellation and returned; an
/// engine slow to stop does not hold the result (the default grace is a small share of the race).
/// The other engine here is one that never closes a gap and only returns when cancelled (or, as a
/// failure, after a minute), so whether the portfolio stopped it is observed directly, not timed.
/// </summary>
public sealed class PortfolioCancellationTests
{
    private static readonly TimeSpan Never = TimeSpan.FromSeconds(60);

    /// <summary>The default policy, but both engines start at once, and the race waits for the engine that did not close the gap as long as the test may run.</summary>
    private static readonly RaceAllocationPolicy Patient = RaceAllocationPolicy.Default with { MinStopGrace = Never, MaxStopGrace = Never, RootWait = TimeSpan.Zero, FewInputsWait = TimeSpan.Zero };

    [Fact]
    public void BranchAndBound_ClosesTheGap_AndTheMipIsCancelled()
    {
        var (network, box, quantity) = SmallCase();
        var stuck = new StuckEngine(CertificationMethod.Mip, EngineCapabilities.MipPath);
        var bab = new BranchAndBoundEngine(TestSolvers.Get("glpk"), BranchAndBoundOptions.Default with { Workers = 1 });
        var portfolio = new PortfolioEngine(new StartsAfter(bab, stuck.Entered), stuck, 1, policy: Patient);

        var result = portfolio.Certify(new CertificationRequest(network, box, quantity, new CertifyOptions()));
        var alone = bab.Certify(new CertificationRequest(network, box, quantity, new CertifyOptions()));

        stuck.SawCancellation.Should().BeTrue("the portfolio cancels the engine that did not close the gap");
        stuck.Returned.Should().BeTrue("the portfolio returns only after both engines have");
        result.Status.Should().Be(CertificateStatus.Exact);
        result.ClosedByEngine.Should().Be(CertificationMethod.Bab);
        result.UpperSource.Should().Be(UpperBoundSource.Proven);
        result.Lower.Should().BeApproximately(alone.Lower, 2e-6 * alone.Lower);
        result.EngineRuns.Single(r => r.Engine == CertificationMethod.Mip).Cancelled.Should().BeTrue();
        result.EngineRuns.Single(r => r.Engine == CertificationMethod.Bab).Cancelled.Should().BeFalse();
    }

    [Fact]
    public void TheMip_ClosesTheGap_AndBranchAndBoundIsCancelled()
    {
        var (network, box, quantity) = SmallCase();
        var stuck = new StuckEngine(CertificationMethod.Bab, EngineCapabilities.BranchAndBound);
        var mip = new MipEngine(TestSolvers.Get("highs"));
        var portfolio = new PortfolioEngine(stuck, mip, 1, policy: Patient);

        var result = portfolio.Certify(new CertificationRequest(network, box, quantity, new CertifyOptions()));
        var alone = mip.Certify(new CertificationRequest(network, box, quantity, new CertifyOptions()));

        stuck.SawCancellation.Should().BeTrue();
        stuck.Returned.Should().BeTrue("the grace outlasts the test, so the portfolio waited for it");
        result.Status.Should().Be(CertificateStatus.Exact);
        result.ClosedByEngine.Should().Be(CertificationMethod.Mip);
        result.UpperSource.Should().Be(alone.UpperSource, "the MIP's bound keeps its source");
        result.Lower.Should().BeApproximately(alone.Lower, 2e-6 * alone.Lower);
        result.EngineRuns.Single(r => r.Engine == CertificationMethod.Bab).Cancelled.Should().BeTrue();
    }

    [Fact]
    public void AnEngineSlowToStop_DoesNotHoldTheResult_WhichNamesTheEngineThatClosed()
    {
        var (network, box, quantity) = SmallCase();
        using var release = new ManualResetEventSlim();
        var slow = new SlowToStopEngine(release);
        var bab = new BranchAndBoundEngine(TestSolvers.Get("glpk"), BranchAndBoundOptions.Default with { Workers = 1 });

        var result = new PortfolioEngine(new StartsAfter(bab, slow.Entered), slow, 1, policy: RaceAllocationPolicy.Default with { FewInputsWait = TimeSpan.Zero, RootWait = TimeSpan.Zero }).Certify(new CertificationRequest(network, box, quantity, new CertifyOptions()));
        var returnedBeforeTheResult = slow.Returned;
        release.Set();

        returnedBeforeTheResult.Should().BeFalse("the engine returns only once released, after the result was stated");
        slow.Exited.WaitOne(Never).Should().BeTrue();
        slow.SawCancellation.Should().BeTrue("it was asked to stop when branch and bound closed the gap");
        if (ThreadNice.Supported)
        {
            slow.NiceAtRelease.Should().Be(RaceAllocationPolicy.Default.HopelessNice, "the race lowers the priority of an engine it stopped waiting for");
        }

        result.Status.Should().Be(CertificateStatus.Exact);
        result.ClosedByEngine.Should().Be(CertificationMethod.Bab);
        result.UpperSource.Should().Be(UpperBoundSource.Proven);
        var mip = result.EngineRuns.Single(r => r.Engine == CertificationMethod.Mip);
        mip.Cancelled.Should().BeTrue();
        mip.Status.Should().Be(CertificateStatus.Bounds);
        result.EngineRuns.Single(r => r.Engine == CertificationMethod.Bab).Status.Should().Be(CertificateStatus.Exact);
        result.Notes.Should().Contain(n => n.StartsWith("mip: asked to stop", StringComparison.Ordinal));
    }

    [Fact]
    public void WithAHeadStart_BranchAndBoundThatSettlesTheRun_LeavesTheMipUnstarted()
    {
        var (network, box, quantity) = SmallCase();
        var stuck = new StuckEngine(CertificationMethod.Mip, EngineCapabilities.MipPath);
        var bab = new BranchAndBoundEngine(TestSolvers.Get("glpk"), BranchAndBoundOptions.Default with { Workers = 1 });

        var result = new PortfolioEngine(bab, stuck, 1, headStart: Never).Certify(new CertificationRequest(network, box, quantity, new CertifyOptions()));

        stuck.Started.Should().BeFalse("branch and bound closed the gap within its head start");
        result.Status.Should().Be(CertificateStatus.Exact);
        result.ClosedByEngine.Should().Be(CertificationMethod.Bab);
        result.EngineRuns.Single(r => r.Engine == CertificationMethod.Mip).Seconds.Should().Be(0);
        result.EngineRuns.Single(r => r.Engine == CertificationMethod.Mip).Started.Should().BeFalse();
        result.EngineRuns.Single(r => r.Engine == CertificationMethod.Bab).Started.Should().BeTrue();
        var printed = new StringWriter();
        ExactLip.Cli.ResultPrinter.Print(result, printed);
        printed.ToString().Should().Contain("  mip       not started: the other engine settled the run first, glpk")
            .And.NotContain("(stopped: the other engine closed the gap)");
        result.Notes.Should().Contain(n => n.StartsWith("mip: not started", StringComparison.Ordinal));
        result.Notes.Should().Contain(n => n.StartsWith("Portfolio: bab on glpk", StringComparison.Ordinal) && n.Contains("settled the run before mip on glpk with 1 thread(s) was due to start", StringComparison.Ordinal));
        result.Notes.Should().NotContain(n => n.Contains("ran at the same time", StringComparison.Ordinal) || n.Contains("fixed split", StringComparison.Ordinal));
    }

    [Fact]
    public void BranchAndBoundThatSettlesTheRunBeforePassingItsRoot_LeavesTheMipUnstarted()
    {
        // The MIP path waits for branch and bound's root (here without a time limit on the wait):
        // a branch and bound whose reports never pass its root phase settles the run alone.
        var (network, box, quantity) = SmallCase();
        var stuck = new StuckEngine(CertificationMethod.Mip, EngineCapabilities.MipPath);
        var bab = new RootOnlyReports(new BranchAndBoundEngine(TestSolvers.Get("glpk"), BranchAndBoundOptions.Default with { Workers = 1 }));
        var policy = RaceAllocationPolicy.Default with { RootWait = Never, FewInputsWait = TimeSpan.Zero };

        var result = new PortfolioEngine(bab, stuck, 1, policy: policy).Certify(new CertificationRequest(network, box, quantity, new CertifyOptions()));
        var alone = bab.Certify(new CertificationRequest(network, box, quantity, new CertifyOptions()));

        stuck.Started.Should().BeFalse("branch and bound closed the gap before its root was done, so the MIP path never started");
        result.Status.Should().Be(CertificateStatus.Exact);
        result.ClosedByEngine.Should().Be(CertificationMethod.Bab);
        result.Lower.Should().BeApproximately(alone.Lower, 2e-6 * alone.Lower);
        result.Notes.Should().Contain(n => n.StartsWith("mip: not started", StringComparison.Ordinal));
    }

    [Fact]
    public void TheCallersCancellation_StopsBoth_WithBounds()
    {
        var (network, box, quantity) = SmallCase();
        var first = new StuckEngine(CertificationMethod.Bab, EngineCapabilities.BranchAndBound);
        var second = new StuckEngine(CertificationMethod.Mip, EngineCapabilities.MipPath);
        using var interrupt = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var result = new PortfolioEngine(first, second, 1, policy: RaceAllocationPolicy.Default with { FewInputsWait = TimeSpan.Zero }).Certify(new CertificationRequest(network, box, quantity, new CertifyOptions()) { CancellationToken = interrupt.Token });

        first.SawCancellation.Should().BeTrue();
        second.SawCancellation.Should().BeTrue();
        result.Status.Should().Be(CertificateStatus.Bounds);
        result.Stop.Should().Be(StopReason.Interrupted);
        result.ClosedByEngine.Should().BeNull();
        result.EngineRuns.Should().OnlyContain(r => !r.Cancelled, "the caller stopped them, not the other engine");
    }

    [Fact]
    public void L2_RunsBranchAndBoundAlone()
    {
        var (network, box, _) = SmallCase();
        var quantity = LipschitzQuantity.Operator(Norm.L2, Norm.L2);
        var stuck = new StuckEngine(CertificationMethod.Mip, EngineCapabilities.MipPath);
        var portfolio = new PortfolioEngine(new BranchAndBoundEngine(TestSolvers.Get("glpk"), BranchAndBoundOptions.Default with { Workers = 1 }), stuck, 1, policy: RaceAllocationPolicy.Default with { FewInputsWait = TimeSpan.Zero });

        var result = portfolio.Certify(new CertificationRequest(network, box, quantity, new CertifyOptions()));

        EngineChoice.Resolve(CertificationMethod.Auto, network, quantity).Should().Be(CertificationMethod.Bab);
        result.Engine.Should().Be(CertificationMethod.Bab);
        result.Status.Should().Be(CertificateStatus.Exact);
        stuck.Started.Should().BeFalse("the MIP path has no ℓ2 encoding");
        result.EngineRuns.Should().BeEmpty();
    }

    private static (NeuralNetwork Network, Box Box, LipschitzQuantity Quantity) SmallCase()
    {
        var network = RandomNetworks.Mlp(new Random(1717), 3, [6, 5], 2);
        var box = new Box([-0.5, -0.5, -0.5], [0.5, 0.5, 0.5]);
        return (network, box, LipschitzQuantity.Scalar(Norm.Linf, [1.0, -1.0]));
    }

    /// <summary>An engine whose progress reports stop at its whole-box bounds (it never reports passing its root).</summary>
    private sealed class RootOnlyReports : ICertificationEngine
    {
        private readonly ICertificationEngine _inner;

        public RootOnlyReports(ICertificationEngine inner)
        {
            _inner = inner;
        }

        public CertificationMethod Method => _inner.Method;

        public EngineCapabilities Capabilities => _inner.Capabilities;

        public IMipSolver Backend => _inner.Backend;

        public Certificate Certify(CertificationRequest request) =>
            _inner.Certify(request with { Progress = request.Progress is { } p ? new Progress(r => { if (r.Phase == RunPhase.Bounds) p.Report(r); }) : null });

        private sealed class Progress(Action<CertifyProgress> report) : IProgress<CertifyProgress>
        {
            public void Report(CertifyProgress value) => report(value);
        }
    }

    /// <summary>An engine that notices a stop only when the test releases it (a solver between its checks).</summary>
    private sealed class SlowToStopEngine : ICertificationEngine
    {
        private readonly ManualResetEventSlim _release;
        private readonly ManualResetEventSlim _exited = new();

        public SlowToStopEngine(ManualResetEventSlim release)
        {
            _release = release;
        }

        public CertificationMethod Method => CertificationMethod.Mip;

        public EngineCapabilities Capabilities => EngineCapabilities.MipPath;

        public IMipSolver Backend => TestSolvers.Get("highs");

        public bool SawCancellation { get; private set; }

        public bool Returned { get; private set; }

        public WaitHandle Exited => _exited.WaitHandle;

        /// <summary>Set once the engine has been asked to certify.</summary>
        public ManualResetEventSlim Entered { get; } = new(false);

        /// <summary>The nice value of the engine's thread when the test released it.</summary>
        public int? NiceAtRelease { get; private set; }

        public Certificate Certify(CertificationRequest request)
        {
            Entered.Set();
            try
            {
                _release.Wait(Never);
                NiceAtRelease = ThreadNice.Of(ThreadNice.CurrentThreadId());
                SawCancellation = request.CancellationToken.IsCancellationRequested;
                var ledger = new RunLedger(request.Options.TimeLimit);
                var certificate = ledger.Certificate(request.Quantity, StopReason.Interrupted, double.PositiveInfinity, request.Options, Backend, "crown", 0, 0, 0, double.PositiveInfinity, [], new Dictionary<string, int>());
                Returned = true;
                return certificate with { Engine = Method };
            }
            finally
            {
                _exited.Set();
            }
        }
    }

    /// <summary>An engine that never closes its gap: it returns trivial bounds only once cancelled (or after a minute, which fails the test).</summary>
    private sealed class StuckEngine : ICertificationEngine
    {
        public StuckEngine(CertificationMethod method, EngineCapabilities capabilities)
        {
            Method = method;
            Capabilities = capabilities;
        }

        public CertificationMethod Method { get; }

        public EngineCapabilities Capabilities { get; }

        public IMipSolver Backend => TestSolvers.Get("glpk");

        public bool Started { get; private set; }

        public bool SawCancellation { get; private set; }

        public bool Returned { get; private set; }

        /// <summary>Set once the engine has been asked to certify.</summary>
        public ManualResetEventSlim Entered { get; } = new(false);

        public Certificate Certify(CertificationRequest request)
        {
            Started = true;
            Entered.Set();
            SawCancellation = request.CancellationToken.WaitHandle.WaitOne(Never);
            var ledger = new RunLedger(request.Options.TimeLimit);
            var certificate = ledger.Certificate(request.Quantity, StopReason.Interrupted, double.PositiveInfinity, request.Options, Backend, "crown", 0, 0, 0, double.PositiveInfinity, [], new Dictionary<string, int>());
            Returned = true;
            return certificate with { Engine = Method };
        }
    }
}

using ExactLip.BranchAndBound;
using ExactLip.Certify;
using ExactLip.Core.Threading;
using ExactLip.Engines;
using ExactLip.Mip.Solving;
using ExactLip.Tests.Exact;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Engines;

/// <summary>
/// The portfolio that moves the cores while it races (<see cref="RaceAllocationPolicy"/>) still
/// states the exact rational oracle's value (<see cref="CertificateAudit"/>), with the MIP path
/// demoted during the race, and leaves the caller's thread at its priority. To make the moves
/// happen on cases that solve in milliseconds, the MIP path pauses once its model is built (so
/// the race sees its binaries) and branch and bound starts late; both then run to the end as usual.
/// </summary>
public sealed class AdaptivePortfolioTests
{
    private static readonly CertifyOptions Options = new(TimeLimit: TimeSpan.FromSeconds(30));

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var corpus in DegenerateNetworks.All.Take(4))
        {
            data.Add(corpus.Name, "scalar-linf");
            data.Add(corpus.Name, "linf-linf");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AnAdaptiveRace_ThatDemotesTheMip_IsTheTruth(string network, string quantityName)
    {
        var corpus = DegenerateNetworks.Get(network);
        var quantity = ExactQuantity.Parse(quantityName, corpus.C).ToEngine();
        var request = new CertificationRequest(corpus.Network, corpus.Box, quantity, Options);
        var bab = new Delayed(new BranchAndBoundEngine(TestSolvers.Get("glpk"), BranchAndBoundOptions.Default with { Workers = 2 }), TimeSpan.FromMilliseconds(400), TimeSpan.Zero);
        var mip = new Delayed(new MipEngine(TestSolvers.Get("highs")), TimeSpan.Zero, TimeSpan.FromMilliseconds(300));
        var demoteAnyMip = RaceAllocationPolicy.Default with { HopelessBinaries = 0 };
        var caller = ThreadNice.Of(ThreadNice.CurrentThreadId());

        var combined = new PortfolioEngine(bab, mip, 1, cores: 2, policy: demoteAnyMip).Certify(request);

        var problems = CertificateAudit.Problems(corpus, quantityName, combined);
        Assert.True(problems.Count == 0, $"{CertificateAudit.Describe(corpus, "auto", quantityName, combined)}\n  - {string.Join("\n  - ", problems)}");
        combined.Method.Should().Be("auto");
        var moves = combined.Notes.Single(n => n.StartsWith("Cores:", StringComparison.Ordinal));
        if (mip.ModelsBuilt > 0)
        {
            // (Where bound propagation meets the start's value, the MIP path builds no model and the race ends at once.)
            moves.Should().Contain("the MIP path's threads", "the MIP built its model and paused before the race's first look at it");
            if (ThreadNice.Supported)
            {
                moves.Should().Contain($"at nice {demoteAnyMip.HopelessNice}", "a MIP at the binary limit gets the lowest priority");
            }
        }

        ThreadNice.Of(ThreadNice.CurrentThreadId()).Should().Be(caller, "only the MIP path's own threads are demoted");
        if (combined.Status == CertificateStatus.Exact)
        {
            DegenerateTruths.Of(corpus, quantityName).WithinTolerance(combined.Lower, combined.Upper, combined.Tolerance).Should().BeTrue();
        }
    }

    /// <summary>
    /// An engine that starts late, and (for the MIP path) pauses once each model is built; both
    /// waits end early when the race stops it.
    /// </summary>
    private sealed class Delayed : ICertificationEngine
    {
        private readonly ICertificationEngine _inner;
        private readonly TimeSpan _start;
        private readonly TimeSpan _afterModel;
        private int _models;

        public Delayed(ICertificationEngine inner, TimeSpan start, TimeSpan afterModel)
        {
            _inner = inner;
            _start = start;
            _afterModel = afterModel;
        }

        public CertificationMethod Method => _inner.Method;

        public EngineCapabilities Capabilities => _inner.Capabilities;

        public IMipSolver Backend => _inner.Backend;

        /// <summary>How many models the engine built (and paused after).</summary>
        public int ModelsBuilt => Volatile.Read(ref _models);

        public Certificate Certify(CertificationRequest request)
        {
            request.CancellationToken.WaitHandle.WaitOne(_start);
            var ready = request.MipReady;
            return _inner.Certify(request with
            {
                MipReady = (s, model) =>
                {
                    ready?.Invoke(s, model);
                    Interlocked.Increment(ref _models);
                    request.CancellationToken.WaitHandle.WaitOne(_afterModel);
                },
            });
        }
    }
}

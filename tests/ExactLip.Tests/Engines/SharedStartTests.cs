using ExactLip.BranchAndBound;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Engines;
using ExactLip.Network;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Engines;

/// <summary>
/// The start search two racing engines share (<see cref="SharedStart"/>): run once, and the very
/// point each engine alone would have found. The reference is each engine's own search, run
/// separately with the settings it uses alone (branch and bound: the whole quantity; the MIP
/// path: its sub-problem 0, seed plus 0).
/// </summary>
public sealed class SharedStartTests
{
    public static TheoryData<int, string> OneSubproblemCases()
    {
        var data = new TheoryData<int, string>();
        foreach (var seed in new[] { 3, 17, 2026 })
        {
            data.Add(seed, "scalar-linf");
            data.Add(seed, "scalar-l1");
            data.Add(seed, "l1-l1");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(OneSubproblemCases))]
    public void With_one_subproblem_each_engines_own_search_is_the_shared_one(int seed, string quantityName)
    {
        var (network, box) = Case(seed);
        var quantity = Quantity(quantityName);
        var options = new CertifyOptions(Samples: 64, LocalSteps: 120, Seed: seed);
        var subproblems = quantity.Subproblems(network.OutputSize);
        subproblems.Should().HaveCount(1);

        var babAlone = PointSearch.Run(network, box, quantity, options.Samples, options.LocalSteps, options.Seed, CancellationToken.None);
        var mipAlone = PointSearch.Run(network, box, quantity, subproblems[0], options.Samples, options.LocalSteps, options.Seed, CancellationToken.None);
        var exchange = new BoundExchange(options.Tolerance);
        var babShared = PointSearch.Start(Run(network, box, quantity, options with { Link = exchange.Seat(CertificationMethod.Bab, provesUpper: true) }));
        var mipShared = PointSearch.Start(Run(network, box, quantity, options with { Link = exchange.Seat(CertificationMethod.Mip, provesUpper: false) }), subproblems, 0);

        exchange.Start.Runs.Should().Be(1, "two engines on one request run the search once");
        exchange.Start.Served.Should().Be(2);
        mipShared.Should().BeSameAs(babShared, "both engines start from the same object");
        foreach (var alone in new[] { babAlone, mipAlone })
        {
            babShared.Proven.Should().Be(alone.Proven);
            babShared.Value.Should().Be(alone.Value, "the shared search is the one each engine runs alone, step for step");
            babShared.X.Should().Equal(alone.X);
            babShared.C.Should().Equal(alone.C);
        }
    }

    [Fact]
    public void With_several_subproblems_the_mip_searches_its_own_and_branch_and_bound_the_whole()
    {
        var (network, box) = Case(5);
        var quantity = LipschitzQuantity.Operator(Norm.Linf, Norm.Linf);
        var options = new CertifyOptions(Samples: 32, LocalSteps: 60, Seed: 5);
        var subproblems = quantity.Subproblems(network.OutputSize);
        subproblems.Should().HaveCount(2);
        var exchange = new BoundExchange(options.Tolerance);
        var mipRun = Run(network, box, quantity, options with { Link = exchange.Seat(CertificationMethod.Mip, provesUpper: false) });

        var second = PointSearch.Start(mipRun, subproblems, 1);
        var whole = PointSearch.Start(Run(network, box, quantity, options with { Link = exchange.Seat(CertificationMethod.Bab, provesUpper: true) }));

        exchange.Start.Runs.Should().Be(1, "only the whole quantity's search is shared");
        exchange.Start.Served.Should().Be(1);
        var alone = PointSearch.Run(network, box, quantity, subproblems[1], options.Samples, options.LocalSteps, options.Seed + 1, CancellationToken.None);
        second.Value.Should().Be(alone.Value);
        second.X.Should().Equal(alone.X);
        whole.Value.Should().Be(PointSearch.Run(network, box, quantity, options.Samples, options.LocalSteps, options.Seed, CancellationToken.None).Value);
    }

    [Fact]
    public void In_a_race_both_engines_take_the_one_search_and_the_result_is_each_engines_alone()
    {
        var (network, box) = Case(11);
        var quantity = LipschitzQuantity.Scalar(Norm.Linf, [1.0, -1.0]);
        var options = new CertifyOptions(TimeLimit: TimeSpan.FromSeconds(30));
        var bab = new BranchAndBoundEngine(TestSolvers.Get("glpk"), BranchAndBoundOptions.Default with { Workers = 1 });
        var probe = new StartProbe(new MipEngine(TestSolvers.Get("highs")));
        var request = new CertificationRequest(network, box, quantity, options);

        // Both start at once, and branch and bound waits until the MIP is seated: on its own it
        // may settle this small case before the MIP path starts, which then never runs.
        var policy = RaceAllocationPolicy.Default with { FewInputsWait = TimeSpan.Zero, RootWait = TimeSpan.Zero };
        var combined = new PortfolioEngine(new StartsAfter(bab, probe.Seated), probe, 1, policy: policy).Certify(request);
        var babAlone = bab.Certify(request);

        probe.Exchange.Should().NotBeNull("the portfolio seats the MIP at the race's exchange");
        probe.Exchange!.Start.Runs.Should().Be(1);
        probe.Exchange.Start.Served.Should().BeInRange(1, 2, "the engine that lost may be stopped before it asks");
        combined.Status.Should().Be(CertificateStatus.Exact);
        babAlone.Status.Should().Be(CertificateStatus.Exact);
        combined.Lower.Should().BeApproximately(babAlone.Lower, 2e-6 * babAlone.Lower);
        combined.ClosedByEngine.Should().BeOneOf(CertificationMethod.Bab, CertificationMethod.Mip);
    }

    private static RunContext Run(NeuralNetwork network, Box box, LipschitzQuantity quantity, CertifyOptions options) =>
        new(network, box, quantity, options, null, CancellationToken.None);

    private static (NeuralNetwork Network, Box Box) Case(int seed)
    {
        var network = RandomNetworks.Mlp(new Random(seed), 4, [8, 6], 2);
        return (network, new Box([-0.4, -0.3, -0.5, -0.2], [0.4, 0.5, 0.3, 0.6]));
    }

    private static LipschitzQuantity Quantity(string name) => name switch
    {
        "scalar-linf" => LipschitzQuantity.Scalar(Norm.Linf, [1.0, -1.0]),
        "scalar-l1" => LipschitzQuantity.Scalar(Norm.L1, [0.5, 2.0]),
        _ => LipschitzQuantity.Operator(Norm.L1, Norm.L1),
    };

    /// <summary>The MIP engine, noting the exchange it was seated at.</summary>
    private sealed class StartProbe : ICertificationEngine
    {
        private readonly MipEngine _inner;

        public StartProbe(MipEngine inner)
        {
            _inner = inner;
        }

        public BoundExchange? Exchange { get; private set; }

        public CertificationMethod Method => _inner.Method;

        public EngineCapabilities Capabilities => _inner.Capabilities;

        public ExactLip.Mip.Solving.IMipSolver Backend => _inner.Backend;

        /// <summary>Set once the engine has been asked to certify.</summary>
        public ManualResetEventSlim Seated { get; } = new(false);

        public Certificate Certify(CertificationRequest request)
        {
            Exchange = request.Options.Link?.Exchange;
            Seated.Set();
            return _inner.Certify(request);
        }
    }
}

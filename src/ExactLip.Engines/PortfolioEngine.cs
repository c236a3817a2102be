using ExactLip.Certify;
using ExactLip.Core.Threading;
using ExactLip.Mip.Solving;
using ExactLip.Solvers;

namespace ExactLip.Engines;

/// <summary>
/// <c>--method auto</c>: branch and bound and the MIP path at the same time, each on its share of
/// the cores (<see cref="Create"/>), sharing what each proves through a <see cref="BoundExchange"/>; the first to close
/// the gap ends both. Where only one engine applies (ℓ2: branch and bound; max pooling: the MIP
/// path), that one runs alone.
/// Implementation note: neither engine knows it races. Each gets a seat at the exchange in its
/// options (<see cref="CertifyOptions.Link"/>), which its <see cref="RunLedger"/> uses, and a
/// cancellation token that the exchange fires when the bounds meet (<see cref="PortfolioRace"/>).
/// The combined certificate keeps a solver's dual bound apart from a proven one
/// (<see cref="Certificate.UpperSource"/>; <see cref="PortfolioResult"/>).
/// </summary>
public sealed class PortfolioEngine : ICertificationEngine
{
    /// <param name="branchAndBound">The branch-and-bound engine, built with its share of the workers.</param>
    /// <param name="mip">The MIP path.</param>
    /// <param name="mipThreads">The MIP solver's threads: its share of the cores.</param>
    /// <param name="headStart">How long branch and bound runs alone before the MIP path starts (<see cref="PortfolioSplit.HeadStart"/>).</param>
    /// <param name="cores">
    /// With a value, the race moves the cores while it runs (<see cref="RaceAllocationPolicy"/>):
    /// <paramref name="branchAndBound"/> must then have a worker per core, of which the race admits
    /// as many as the evidence gives it. Null: a fixed split, as built.
    /// </param>
    /// <param name="policy">How the race moves the cores (<see cref="RaceAllocationPolicy.Default"/> when null).</param>
    public PortfolioEngine(ICertificationEngine branchAndBound, ICertificationEngine mip, int mipThreads, TimeSpan headStart = default, int? cores = null, RaceAllocationPolicy? policy = null)
    {
        Policy = policy ?? RaceAllocationPolicy.Default;
        BranchAndBound = branchAndBound;
        Mip = mip;
        MipThreads = Math.Max(1, mipThreads);
        HeadStart = headStart < TimeSpan.Zero ? TimeSpan.Zero : headStart;
        AdaptiveCores = cores is { } n ? Math.Max(1, n) : null;
    }

    /// <summary>The cores the race reallocates while it runs (<see cref="RaceAllocationPolicy"/>); null for a fixed split.</summary>
    public int? AdaptiveCores { get; }

    /// <summary>How the race moves the cores when <see cref="AdaptiveCores"/> is set.</summary>
    public RaceAllocationPolicy Policy { get; }

    /// <summary>How long branch and bound runs alone before the MIP path starts.</summary>
    public TimeSpan HeadStart { get; }

    public ICertificationEngine BranchAndBound { get; }

    public ICertificationEngine Mip { get; }

    public int MipThreads { get; }

    public CertificationMethod Method => CertificationMethod.Auto;

    /// <summary>The union of its parts'.</summary>
    public EngineCapabilities Capabilities => new(
        MeasuresL2: BranchAndBound.Capabilities.MeasuresL2 || Mip.Capabilities.MeasuresL2,
        MaxPooling: BranchAndBound.Capabilities.MaxPooling || Mip.Capabilities.MaxPooling,
        ExportsMip: BranchAndBound.Capabilities.ExportsMip || Mip.Capabilities.ExportsMip,
        NeedsRowDuals: BranchAndBound.Capabilities.NeedsRowDuals || Mip.Capabilities.NeedsRowDuals);

    /// <summary>The MIP path's back end (branch and bound's LP back end is named in the certificate).</summary>
    public IMipSolver Backend => Mip.Backend;

    /// <summary>
    /// The portfolio for <paramref name="settings"/>: the cores (<see cref="EngineSettings.Search"/>'s
    /// workers: --threads, or a batch job's share, or every core) split between the two, branch and
    /// bound taking the odd one with its usual LP routing; the MIP on the named back end, else the strongest available (HiGHS
    /// first: it stops at its next callback when cancelled, which CBC's C interface cannot). With
    /// <see cref="PortfolioSplit.Adaptive"/> where thread priorities can be set (Linux), branch and
    /// bound has a worker per core and the race moves the cores while it runs.
    /// </summary>
    public static PortfolioEngine Create(EngineSettings settings)
    {
        var cores = Math.Max(1, settings.Search.Workers);
        var mipThreads = Math.Max(1, cores / 2);
        var adaptive = settings.Portfolio.Adaptive && ThreadNice.Supported;
        var workers = adaptive || settings.Portfolio.BranchAndBoundOnEveryCore ? cores : Math.Max(1, cores - (cores / 2));
        // --solver names the MIP's back end; branch and bound's region LPs stay on their own
        // routing (GLPK where it loads), since a MIP solver's LP interface can be far slower for
        // thousands of small LPs (CBC: about a second each, measured on CartPole).
        var branchAndBound = EngineChoice.Create(CertificationMethod.Bab, settings with { Solver = null, Search = settings.Search with { Workers = workers } });
        var mip = new MipEngine(SolverRegistry.Create(settings.Solver ?? "auto"));
        return new PortfolioEngine(branchAndBound, mip, mipThreads, settings.Portfolio.HeadStart, adaptive ? cores : null);
    }

    public Certificate Certify(CertificationRequest request)
    {
        // Where only one engine applies, it runs alone (neither: branch and bound says why not).
        if (!Applies(Mip, request))
        {
            return BranchAndBound.Certify(request);
        }

        if (!Applies(BranchAndBound, request))
        {
            return Mip.Certify(request);
        }

        return new PortfolioRace(BranchAndBound, Mip, MipThreads, HeadStart, AdaptiveCores, Policy).Run(request);
    }

    private static bool Applies(ICertificationEngine engine, CertificationRequest request) =>
        engine.Capabilities.Measures(request.Quantity) && engine.Capabilities.Handles(request.Network);
}

using System.Globalization;

namespace ExactLip.Engines;

/// <summary>
/// What the portfolio knows about its two engines at one moment of a race, from their own
/// progress reports: the evidence <see cref="RaceAllocationPolicy"/> decides on.
/// </summary>
/// <param name="Elapsed">Time since the race started.</param>
/// <param name="Cores">The cores the race may use (its branch and bound has a worker for each).</param>
/// <param name="MipThreads">The MIP solver's threads.</param>
/// <param name="Lower">The best proven lower bound of the race (either engine's witness).</param>
/// <param name="BabUpper">Branch and bound's own proven upper bound (infinite before its first report).</param>
/// <param name="MipUpper">The MIP path's own upper bound: bound propagation's, then its solver's dual bound (infinite before its first report).</param>
/// <param name="MipPropagatedUpper">The MIP path's first finite upper bound: its bound propagation's, before its solver ran (infinite before).</param>
/// <param name="MipBinaries">The binaries of the MIP path's largest model so far; null before its first model is built.</param>
/// <param name="MipRunning">False once the MIP path has returned or failed.</param>
public sealed record RaceEvidence(
    TimeSpan Elapsed,
    int Cores,
    int MipThreads,
    double Lower,
    double BabUpper,
    double MipUpper,
    double MipPropagatedUpper,
    int? MipBinaries,
    bool MipRunning)
{
    /// <summary>True once the MIP solver has bounded below what bound propagation gave it (its root LP, at least, has finished).</summary>
    public bool MipHasSolverBound => MipUpper < MipPropagatedUpper;

    /// <summary>Branch and bound's gap (its own upper bound less the race's lower bound) as a fraction of the MIP path's.</summary>
    public double GapRatio => (BabUpper - Lower) / (MipUpper - Lower);
}

/// <summary>
/// How the race uses its cores at one moment: the branch-and-bound workers admitted, the nice
/// value of the MIP path's threads, and since when branch and bound has led.
/// </summary>
/// <param name="BabWorkers">Branch-and-bound workers admitted (<see cref="ExactLip.Certify.WorkerGate"/>).</param>
/// <param name="MipNice">
/// The nice value of the MIP path's threads: 0 at their priority, <see cref="RaceAllocationPolicy.DemotedNice"/>
/// or <see cref="RaceAllocationPolicy.HopelessNice"/> once demoted; it only rises.
/// </param>
/// <param name="BabLeadSince">When branch and bound's bound last went below the MIP solver's and stayed there; null while it does not lead.</param>
/// <param name="Reason">Why, in one phrase (stated in the certificate's notes when the allocation moves).</param>
public sealed record RaceAllocation(int BabWorkers, int MipNice, TimeSpan? BabLeadSince, string Reason)
{
    /// <summary>True once the MIP path's threads run at a lower priority (final).</summary>
    public bool MipDemoted => MipNice > 0;

    /// <summary>The share of a core the MIP path's threads may use (<see cref="ExactLip.Core.Threading.ThreadGroup.Limit"/>); 1: no limit. It only falls.</summary>
    public double MipShare { get; init; } = 1;
}

/// <summary>
/// Moves the cores between the portfolio's engines while they race, on the evidence of their own
/// bounds (<see cref="Decide"/>, a pure function of <see cref="RaceEvidence"/> and the previous
/// <see cref="RaceAllocation"/>).
/// Implementation note (measured in docs/benchmarks.md, "Portfolio", rounds 2 and 3): branch and
/// bound wins most instances and scales with its workers; the MIP path wins on others (a digits
/// CNN: branch and bound open at 120 s, the MIP exact in seconds) on one thread. No fixed split
/// serves both. So branch and bound starts with a worker per core beside the MIP thread, and
/// <list type="bullet">
/// <item>while the MIP solver's own bound lies below branch and bound's, branch and bound's extra
/// workers wait (the gate; reversible), which leaves the MIP its core; they return once branch
/// and bound's lead is decisive (<see cref="DecisiveLead"/>) or has lasted <see cref="DemoteAfterLead"/>;</item>
/// <item>the MIP path's threads get a higher nice value, which leaves branch and bound the cores:
/// <see cref="HopelessNice"/> (the lowest priority) when its model is too large to close (at least
/// <see cref="HopelessBinaries"/> binaries: on 784 inputs the ℓ1 objective's sign binaries alone
/// are 784, and that MIP stayed open after 120 s; on the ±0.02 MNIST box, at nice 10, it still
/// took 64 of the run's 233 s without leaving its root node); <see cref="DemotedNice"/> when branch and bound's gap is at most <see cref="DecisiveLead"/> of the MIP solver's
/// (mlp 10-60-60-3, ε = 0.05: 0.03–0.37 when the MIP's root LP had ended; the digits CNN's MIP
/// led from its first bound on), never for a lead that has only lasted (on the digits CNN's
/// image 8 a MIP so demoted, the faster engine there, took the default from 2.2 to 3.0–3.8 s;
/// without it 2.5–2.6 s, and the MLPs and ACAS Xu as before); and from there <see cref="HopelessNice"/> once
/// branch and bound's gap is at most <see cref="OverwhelmingLead"/> of the MIP solver's (mlp
/// 10-60-60-3 at ε = 0.2: 0.3 at 1 s and below 0.02 from 50 s on, and the MIP's thread at nice
/// 10 still ran 32 of the run's 84 s beside two branch-and-bound workers). An unprivileged process cannot lower a nice value
/// again, so this step is final; should the MIP's bound later fall below branch and bound's, the gate still
/// closes and the demoted MIP thread keeps a core of its own (where the machine is idle, a
/// thread alone on its core runs at full speed whatever its nice value).</item>
/// </list>
/// The MIP solver's bound counts only once it is below the bound propagation it started from:
/// before that the MIP path has shown nothing of its own (its root LP has not finished).
/// </summary>
/// <param name="HopelessBinaries">A MIP with this many binaries or more is given a lower priority at once.</param>
/// <param name="DecisiveLead">Branch and bound's gap at most this fraction of the MIP solver's: the MIP path is demoted at once.</param>
/// <param name="DemoteAfterLead">How long branch and bound's bound must stay at or below the MIP solver's before the extra workers the gate holds back return.</param>
/// <param name="DemotedNice">The nice value of a demoted MIP path (Linux weights: about a tenth of a core's share against a nice-0 thread).</param>
/// <param name="HopelessNice">The nice value of a MIP path too large to close (Linux weights: about 1.5 % of a core's share against a nice-0 thread).</param>
public sealed record RaceAllocationPolicy(int HopelessBinaries, double DecisiveLead, TimeSpan DemoteAfterLead, int DemotedNice, int HopelessNice = 19)
{
    /// <summary>The portfolio's policy (the values measured for in docs/benchmarks.md, "Portfolio", round 3, and "The race's fixed cost").</summary>
    public static RaceAllocationPolicy Default { get; } = new(500, 0.5, TimeSpan.FromSeconds(1), 10, 19);

    /// <summary>
    /// How long a decided race waits, at most, for the engine that did not close the gap: this
    /// share of the race's time so far (<see cref="StopGrace"/>).
    /// </summary>
    public double StopGraceShare { get; init; } = 0.05;

    /// <summary>The longest a decided race waits for the engine that did not close the gap.</summary>
    public TimeSpan MaxStopGrace { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The shortest wait: long enough for an engine that stops at once to be seen returning.</summary>
    public TimeSpan MinStopGrace { get; init; } = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// How long a race decided at <paramref name="decided"/> waits for the engine that did not
    /// close the gap before stating its result without it: <see cref="StopGraceShare"/> of the
    /// time so far, between <see cref="MinStopGrace"/> and <see cref="MaxStopGrace"/>. So the stop
    /// costs the winner at most that share of its wall time (a fixed 50 ms made a 0.1 s race 1.5×).
    /// </summary>
    public TimeSpan StopGrace(TimeSpan decided)
    {
        var share = TimeSpan.FromTicks((long)(Math.Max(0, decided.Ticks) * Math.Max(0, StopGraceShare)));
        return share < MinStopGrace ? MinStopGrace : share > MaxStopGrace ? MaxStopGrace : share;
    }

    /// <summary>
    /// How long the MIP path waits, at most, for branch and bound to bound its root and run its
    /// start search (<see cref="MipStartDelay"/>); zero: both start at once.
    /// </summary>
    public TimeSpan RootWait { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// How much longer the MIP path waits before it starts, <paramref name="elapsed"/> into the
    /// race: nothing once branch and bound is past its root (<paramref name="babPastRoot"/>: its
    /// whole-box bounds and start search done, which the MIP path would otherwise compute beside
    /// it, and whose start point it then takes as its own), else what is left of
    /// <see cref="RootWait"/>; and on a network of at most <see cref="FewInputs"/> inputs
    /// (<paramref name="inputs"/>) at least what is left of <see cref="FewInputsWait"/>. Branch and
    /// bound that settles the run meanwhile leaves the MIP path unstarted (measured, docs/benchmarks.md).
    /// </summary>
    public TimeSpan MipStartDelay(bool babPastRoot, TimeSpan elapsed, int inputs = int.MaxValue)
    {
        var root = babPastRoot || elapsed >= RootWait ? TimeSpan.Zero : RootWait - elapsed;
        var few = inputs <= FewInputs && elapsed < FewInputsWait ? FewInputsWait - elapsed : TimeSpan.Zero;
        return root > few ? root : few;
    }

    /// <summary>
    /// Networks of this many inputs or fewer: where branch and bound bounds the ℓ1 norms of the
    /// gradients (a cᵀf's, or the rows of J for ‖J‖∞→∞) over every sign vector (<see cref="ExactLip.Bounds.SignVectorBounds.InputLimit"/>), and
    /// the networks on which it won every instance measured.
    /// </summary>
    public int FewInputs { get; init; } = ExactLip.Bounds.SignVectorBounds.InputLimit;

    /// <summary>
    /// How long the MIP path waits on a network of <see cref="FewInputs"/> inputs or fewer,
    /// whatever branch and bound's root. On every such instance of more than 20 ms measured (the
    /// certify suite and LipBaB's setting, docs/benchmarks.md) branch and bound was the faster
    /// engine, by up to 250×, and most end within this wait, where the MIP path's share of the two
    /// cores made the default up to 4.6× branch and bound alone. A MIP that would win such a race
    /// pays this much: at most 1.5× where it needs at least twice as long.
    /// </summary>
    public TimeSpan FewInputsWait { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Branch and bound's gap at most this fraction of the MIP solver's: a MIP path demoted
    /// already goes to <see cref="HopelessNice"/>. On the digits CNN, where the MIP won, branch
    /// and bound's lead was at most narrow (247.09 against 247.39 over 244.62: a ratio of 0.89).
    /// </summary>
    public double OverwhelmingLead { get; init; } = 0.1;

    /// <summary>
    /// The share of a core a MIP path at <see cref="HopelessNice"/> may use, kept at its solver's
    /// progress checks (<see cref="ExactLip.Core.Threading.ThreadGroup.Limit"/>; HiGHS's callbacks).
    /// </summary>
    public double HopelessShare { get; init; } = 0.02;

    /// <summary>
    /// The share of a core a MIP path demoted for a decisive lead (<see cref="DecisiveLead"/>) may
    /// use: at nice 10 beside two branch-and-bound workers it still ran about three quarters of
    /// the time on 10-60-60-3 (5 of the 6.7 s before the next step).
    /// </summary>
    public double DecisiveShare { get; init; } = 0.1;

    /// <summary>The allocation a race starts with: a branch-and-bound worker per core, the MIP at its priority.</summary>
    public static RaceAllocation Initial(int cores) => new(Math.Max(1, cores), 0, null, "start: branch and bound on every core beside the MIP thread");

    /// <summary>The next allocation, from what the engines have shown (<paramref name="now"/>) and the current one.</summary>
    public RaceAllocation Decide(RaceEvidence now, RaceAllocation current)
    {
        ArgumentNullException.ThrowIfNull(now);
        ArgumentNullException.ThrowIfNull(current);
        var c = CultureInfo.InvariantCulture;
        var every = Math.Max(1, now.Cores);
        var beside = Math.Max(1, now.Cores - now.MipThreads);
        if (!now.MipRunning)
        {
            return current with { BabWorkers = every, BabLeadSince = null, Reason = "the MIP path has returned" };
        }

        if (current.MipNice < HopelessNice && now.MipBinaries is { } binaries && binaries >= HopelessBinaries)
        {
            return new RaceAllocation(every, HopelessNice, null, string.Create(c, $"the MIP has {binaries} binaries (at least {HopelessBinaries})")) { MipShare = HopelessShare };
        }

        if (now.MipHasSolverBound && now.MipUpper < now.BabUpper)
        {
            return current with
            {
                BabWorkers = beside,
                BabLeadSince = null,
                Reason = string.Create(c, $"the MIP solver's bound {now.MipUpper:G6} is below branch and bound's {now.BabUpper:G6}"),
            };
        }

        if (!now.MipHasSolverBound)
        {
            return current with { BabWorkers = every, BabLeadSince = null, Reason = current.MipDemoted ? current.Reason : "the MIP solver has no bound of its own yet" };
        }

        var since = current.BabLeadSince ?? now.Elapsed;
        if (!current.MipDemoted && now.GapRatio <= DecisiveLead)
        {
            return new RaceAllocation(every, DemotedNice, since, string.Create(c, $"branch and bound's gap is {now.GapRatio:0.###} of the MIP solver's (bounds {now.BabUpper:G6} and {now.MipUpper:G6} over {now.Lower:G6})")) { MipShare = DecisiveShare };
        }

        if (current.MipDemoted && current.MipNice < HopelessNice && now.GapRatio <= OverwhelmingLead)
        {
            return new RaceAllocation(every, HopelessNice, since, string.Create(c, $"branch and bound's gap is {now.GapRatio:0.###} of the MIP solver's (bounds {now.BabUpper:G6} and {now.MipUpper:G6} over {now.Lower:G6})")) { MipShare = HopelessShare };
        }

        if (current.BabWorkers < every && now.GapRatio > DecisiveLead && now.Elapsed - since < DemoteAfterLead)
        {
            // A gate the MIP's lead closed reopens only on a decisive or lasting lead of branch and
            // bound: the digits CNN's bounds crossed back and forth (247.09 against 247.39 over
            // 244.62), and each reopening gave the MIP, which won, a third of the CPU again.
            return current with
            {
                BabLeadSince = since,
                Reason = string.Create(c, $"branch and bound's bound {now.BabUpper:G6} is at or below the MIP solver's {now.MipUpper:G6}, not yet decisively or for {DemoteAfterLead.TotalSeconds:0.#} s"),
            };
        }

        return current with
        {
            BabWorkers = every,
            BabLeadSince = since,
            Reason = current.MipDemoted ? current.Reason : string.Create(c, $"branch and bound's bound {now.BabUpper:G6} is at or below the MIP solver's {now.MipUpper:G6}"),
        };
    }
}

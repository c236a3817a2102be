using System.Globalization;
using ExactLip.Certify;
using ExactLip.Core.Threading;

namespace ExactLip.Engines;

/// <summary>
/// Applies <see cref="RaceAllocationPolicy"/> to one race: reads both engines' latest reports,
/// asks the policy, and moves the cores: branch and bound's <see cref="Gate"/>, the MIP path's
/// priority (<see cref="MipThreads"/>). Each move is kept for the certificate's notes
/// (<see cref="Moves"/>). Called from the race's own thread only.
/// </summary>
internal sealed class RaceAllocator
{
    private readonly int _cores;
    private readonly int _mipThreads;
    private readonly RaceAllocationPolicy _policy;
    private readonly List<string> _moves = new();
    private RaceAllocation _current;

    public RaceAllocator(int cores, int mipThreads, RaceAllocationPolicy policy)
    {
        _policy = policy;
        _cores = Math.Max(1, cores);
        _mipThreads = Math.Max(1, mipThreads);
        _current = RaceAllocationPolicy.Initial(_cores);
        Gate = new WorkerGate(_current.BabWorkers);
    }

    /// <summary>Branch and bound's workers admitted now.</summary>
    public WorkerGate Gate { get; }

    /// <summary>The MIP path's threads.</summary>
    public ThreadGroup MipThreads { get; } = new();

    /// <summary>The allocation now.</summary>
    public RaceAllocation Current => _current;

    /// <summary>Each move, with its time and reason, in order.</summary>
    public IReadOnlyList<string> Moves => _moves;

    /// <summary>Reads the evidence at <paramref name="elapsed"/> and applies the policy's decision.</summary>
    /// <param name="lower">The race's proven lower bound now.</param>
    public void Step(PortfolioRace.Lane branchAndBound, PortfolioRace.Lane mip, double lower, TimeSpan elapsed)
    {
        var evidence = new RaceEvidence(
            elapsed,
            _cores,
            _mipThreads,
            lower,
            branchAndBound.Latest?.Upper ?? double.PositiveInfinity,
            mip.Latest?.Upper ?? double.PositiveInfinity,
            mip.FirstUpper,
            mip.Binaries,
            !mip.Done.IsSet && !mip.Skipped);
        var next = _policy.Decide(evidence, _current);
        var c = CultureInfo.InvariantCulture;
        if (next.BabWorkers != _current.BabWorkers)
        {
            Gate.Admit(next.BabWorkers);
            _moves.Add(string.Create(c, $"at {elapsed.TotalSeconds:0.00} s branch and bound {next.BabWorkers} worker(s): {next.Reason}"));
        }

        if (next.MipNice > _current.MipNice)
        {
            var lowered = MipThreads.Demote(next.MipNice);
            var share = next.MipShare < _current.MipShare ? string.Create(c, $", held to {next.MipShare:0%} of a core") : string.Empty;
            _moves.Add(string.Create(c, $"at {elapsed.TotalSeconds:0.00} s the MIP path's threads {(lowered ? $"at nice {next.MipNice}" : "kept their priority (it could not be lowered)")}{share}: {next.Reason}"));
        }

        if (next.MipShare < _current.MipShare)
        {
            // A nice value weighs a thread only against others that want its core: a share is kept at the MIP solver's checks.
            MipThreads.Limit(next.MipShare);
        }

        _current = next;
    }
}

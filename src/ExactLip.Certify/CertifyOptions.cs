using ExactLip.Bounds;

namespace ExactLip.Certify;

/// <summary>Settings of one certification run.</summary>
/// <param name="Bounds">How pre-activation bounds are computed.</param>
/// <param name="TimeLimit">Wall-clock limit for the whole run; null for none.</param>
/// <param name="Gap">Relative gap at which the solver may stop.</param>
/// <param name="Tolerance">Lower and upper bounds within this relative distance make the value exact.</param>
/// <param name="Threads">Solver threads.</param>
/// <param name="Samples">Random points tried before the MIP starts.</param>
/// <param name="LocalSteps">Local-search steps from the best sample.</param>
/// <param name="Seed">Seed of the sampling, so runs are repeatable.</param>
/// <param name="ProgressInterval">How often progress is reported during a search.</param>
public sealed record CertifyOptions(
    BoundsMethod Bounds = BoundsMethod.Crown,
    TimeSpan? TimeLimit = null,
    double Gap = 1e-6,
    double Tolerance = 1e-6,
    int Threads = 1,
    int Samples = 256,
    int LocalSteps = 400,
    int Seed = 0,
    TimeSpan? ProgressInterval = null)
{
    /// <summary>No-good cuts allowed per sub-problem for patterns met by no interior point.</summary>
    public int MaxPatternExclusions { get; init; } = 64;

    /// <summary>
    /// Tie the binaries of exactly proportional neurons in the MIP (a + a′ = 1 for a mirrored
    /// pair), cutting their measure-zero patterns in the model instead of one no-good cut each
    /// (<c>LipMipEncoder</c>); off only to exercise the cuts.
    /// </summary>
    public bool LinkCoincidentNeurons { get; init; } = true;

    /// <summary>
    /// The engine's seat at a <see cref="BoundExchange"/> when it races another engine on the same
    /// request (the portfolio of <c>--method auto</c>); null when it runs alone.
    /// </summary>
    public EngineLink? Link { get; init; }

    /// <summary>
    /// Branch and bound's workers a race lets work at the moment (the portfolio moves the cores
    /// between its engines while they run); null: every worker works.
    /// </summary>
    public WorkerGate? Gate { get; init; }
}

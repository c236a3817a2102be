using ExactLip.Core;
using ExactLip.Mip.Solving;
using ExactLip.Network;

namespace ExactLip.Certify;

/// <summary>
/// What one run works on and with, alike for both engines: the network, the box, the quantity,
/// the settings, who follows the run and who may stop it, and the run's <see cref="RunLedger"/>
/// (witness, history, notes, clock), which states the <see cref="Certificate"/> at the end.
/// Implementation note: opening the context checks the box against the network and starts the
/// clock, so every engine reads its time limit from the moment the run began.
/// </summary>
public sealed class RunContext
{
    public RunContext(NeuralNetwork network, Box box, LipschitzQuantity quantity, CertifyOptions options, IProgress<CertifyProgress>? progress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(box);
        ArgumentNullException.ThrowIfNull(quantity);
        ArgumentNullException.ThrowIfNull(options);
        Preconditions.Length(box.Dimension, network.InputSize, "The input box");
        Network = network;
        Box = box;
        Quantity = quantity;
        Options = options;
        Progress = progress;
        Cancellation = cancellation;
        Ledger = new RunLedger(options.TimeLimit, options.Link);
    }

    /// <summary>The network as given (engines simplify their own copy; witnesses are proven on this one).</summary>
    public NeuralNetwork Network { get; }

    public Box Box { get; }

    public LipschitzQuantity Quantity { get; }

    public CertifyOptions Options { get; }

    public IProgress<CertifyProgress>? Progress { get; }

    public CancellationToken Cancellation { get; }

    public RunLedger Ledger { get; }

    public RunClock Clock => Ledger.Clock;

    /// <summary>The certificate of the run, stated by the ledger with what the engine reports.</summary>
    /// <param name="engine">The engine that ran.</param>
    /// <param name="stop">Why the run ended.</param>
    /// <param name="upper">The proven upper bound (at least the lower bound).</param>
    /// <param name="solver">The back end named in the result.</param>
    /// <param name="work">What the run cost and found along the way.</param>
    public Certificate Certificate(CertificationMethod engine, StopReason stop, double upper, IMipSolver solver, RunWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return Ledger.Certificate(Quantity, stop, upper, Options, solver, work.Bounds, work.Nodes, work.UnstableNeurons, work.Binaries, work.BoundsUpper, work.Subproblems, work.UnstableByBounds) with
        {
            Engine = engine,
        };
    }
}

/// <summary>What an engine reports about its run beyond the bounds: the certificate's cost and bookkeeping fields.</summary>
/// <param name="Bounds">The bounds method's spelling.</param>
/// <param name="Nodes">Search nodes (MIP nodes, or sub-domains bounded).</param>
/// <param name="UnstableNeurons">Neurons the bounds over the whole box leave unstable.</param>
/// <param name="Binaries">Binaries of the largest MIP (0 without one).</param>
/// <param name="BoundsUpper">The bound-propagation upper bound alone.</param>
/// <param name="Subproblems">The sub-problems and how each ended.</param>
/// <param name="UnstableByBounds">Unstable neurons per bounds method.</param>
public sealed record RunWork(
    string Bounds,
    long Nodes,
    int UnstableNeurons,
    int Binaries,
    double BoundsUpper,
    IReadOnlyList<SubproblemResult> Subproblems,
    IReadOnlyDictionary<string, int> UnstableByBounds);

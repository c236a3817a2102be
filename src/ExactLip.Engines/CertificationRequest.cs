using ExactLip.BranchAndBound.Checkpoints;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Mip;
using ExactLip.Network;

namespace ExactLip.Engines;

/// <summary>
/// What one certification run is asked: the network, the input box, the quantity, the run's
/// settings (<see cref="CertifyOptions"/>: bounds, time limit, gap, tolerance, seed), and how the
/// caller follows and stops it.
/// </summary>
/// <param name="Options">The run's settings; <see cref="CertifyOptions.TimeLimit"/> is its deadline, counted from the start of the run.</param>
public sealed record CertificationRequest(NeuralNetwork Network, Box Box, LipschitzQuantity Quantity, CertifyOptions Options)
{
    /// <summary>Receives the bounds as they improve (null: nobody listens).</summary>
    public IProgress<CertifyProgress>? Progress { get; init; }

    /// <summary>Stops the run early; the certificate then holds the bounds found so far.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>Called with each MIP the MIP path builds, before it is solved (e.g. to export it as MPS); engines that build none never call it.</summary>
    public Action<int, MipModel>? MipReady { get; init; }

    /// <summary>
    /// Where branch and bound saves its search and what it resumes (null: none). The MIP path
    /// refuses one: its search tree lives inside the solver, so a checkpoint could hold only its
    /// witness and bounds, and a resumed MIP would start its search again.
    /// </summary>
    public SearchCheckpoint? Checkpoint { get; init; }
}

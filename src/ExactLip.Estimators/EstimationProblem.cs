using ExactLip.Core;
using ExactLip.Mip.Solving;
using ExactLip.Network;

namespace ExactLip.Estimators;

/// <summary>
/// What every estimator is asked: a network, an input box and the quantity (norms and output
/// weights), with a seed for the sampling methods and an LP back end for LipLP.
/// <see cref="Simplified"/> is the network with consecutive linear operators fused, which is
/// what layer-wise methods take as "the layers".
/// </summary>
public sealed class EstimationProblem
{
    public EstimationProblem(NeuralNetwork network, Box box, LipschitzQuantity quantity, int seed = 0, IMipSolver? lpSolver = null, TimeSpan? timeLimit = null)
    {
        Preconditions.Length(box.Dimension, network.InputSize, "The input box");
        if (quantity.C is { } c)
        {
            Preconditions.Length(c.Length, network.OutputSize, "The output weights c");
        }

        Network = network;
        Simplified = network.Simplify(fuseRounded: true);
        Box = box;
        Quantity = quantity;
        Seed = seed;
        LpSolver = lpSolver;
        TimeLimit = timeLimit;
    }

    public NeuralNetwork Network { get; }

    public NeuralNetwork Simplified { get; }

    public Box Box { get; }

    public LipschitzQuantity Quantity { get; }

    public int Seed { get; }

    /// <summary>The back end LipLP solves its linear programs with (null: LipLP is unavailable).</summary>
    public IMipSolver? LpSolver { get; }

    /// <summary>A wall-clock limit for estimators that call a solver.</summary>
    public TimeSpan? TimeLimit { get; }

    public int Inputs => Network.InputSize;

    public int Outputs => Network.OutputSize;
}

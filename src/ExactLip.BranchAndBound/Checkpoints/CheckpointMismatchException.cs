using ExactLip.Core;

namespace ExactLip.BranchAndBound.Checkpoints;

/// <summary>A checkpoint written for another model, box, quantity or options: refused, since resuming it would answer another question.</summary>
public sealed class CheckpointMismatchException : ExactLipException
{
    public CheckpointMismatchException(string message)
        : base(message)
    {
    }
}

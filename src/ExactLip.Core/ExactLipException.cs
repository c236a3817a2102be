namespace ExactLip.Core;

/// <summary>
/// An error the user can cause and fix: a bad file, an unsupported operator, an input of the
/// wrong length, a missing solver library. The message is one sentence that names the thing
/// and says what to do; the command line prints it alone, never with a stack trace.
/// </summary>
public class ExactLipException : Exception
{
    public ExactLipException(string message)
        : base(message)
    {
    }

    public ExactLipException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>A model file that cannot be read, or that uses something ExactLip does not support.</summary>
public sealed class ModelFormatException : ExactLipException
{
    public ModelFormatException(string message)
        : base(message)
    {
    }

    public ModelFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>A native solver library that is absent or of a version ExactLip cannot drive.</summary>
public sealed class SolverUnavailableException : ExactLipException
{
    public SolverUnavailableException(string message)
        : base(message)
    {
    }
}

/// <summary>
/// A solver that gave up on a model (numerical trouble, an internal error). The run that used
/// it keeps the bounds it already holds and says what failed.
/// </summary>
public sealed class SolverFailedException : ExactLipException
{
    public SolverFailedException(string message)
        : base(message)
    {
    }
}

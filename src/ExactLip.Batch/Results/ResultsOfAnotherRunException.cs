using ExactLip.Core;

namespace ExactLip.Batch.Results;

/// <summary>
/// A results database that already holds results of another version of the job file (or of
/// another shard), opened without asking to resume it: continuing would mix two runs' results.
/// The properties let a caller say what to do in its own words (the command line names its options).
/// </summary>
public sealed class ResultsOfAnotherRunException : ExactLipException
{
    public ResultsOfAnotherRunException(string path, long rows, string other)
        : base($"The results database '{path}' holds {rows} results of {other}: resume it to continue anyway (changed jobs run again), or use a new results database.")
    {
        Path = path;
        Rows = rows;
        Other = other;
    }

    /// <summary>The database's path.</summary>
    public string Path { get; }

    /// <summary>How many results it holds.</summary>
    public long Rows { get; }

    /// <summary>What its results are of, in words ("shard 1/4", "another version of the job file …").</summary>
    public string Other { get; }
}

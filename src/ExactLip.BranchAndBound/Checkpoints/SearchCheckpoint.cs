namespace ExactLip.BranchAndBound.Checkpoints;

/// <summary>
/// A branch-and-bound run's checkpoint: the file its state is written to every
/// <see cref="Interval"/> and when the run ends (finished, out of time, or stopped by Ctrl-C or
/// SIGTERM), and the state read from that file when it existed, which the run resumes.
/// Implementation note: the engine only calls <see cref="Save"/> and reads <see cref="Resume"/>;
/// where the file lives and what it is checked against is decided here, once, for certify and
/// for batch jobs alike.
/// </summary>
public sealed class SearchCheckpoint
{
    /// <summary>How often a run writes its state unless told otherwise.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(5);

    private SearchCheckpoint(string path, CheckpointFingerprint fingerprint, TimeSpan interval, FrontierState? resume)
    {
        Path = path;
        Fingerprint = fingerprint;
        Interval = interval;
        Resume = resume;
    }

    public string Path { get; }

    public CheckpointFingerprint Fingerprint { get; }

    public TimeSpan Interval { get; }

    /// <summary>The state to resume, or null when the file did not exist (a fresh search).</summary>
    public FrontierState? Resume { get; }

    /// <summary>
    /// The checkpoint at <paramref name="path"/>: its state when the file exists and was written
    /// for <paramref name="fingerprint"/>; one sentence when it is damaged or belongs to another run.
    /// </summary>
    /// <param name="startFrom">
    /// A checkpoint to start from while <paramref name="path"/> does not exist yet: a part of a
    /// split instance (exactlip split --by patterns) begins with its share of a short search's
    /// frontier, and saves to its own file from then on.
    /// </param>
    public static SearchCheckpoint Open(string path, CheckpointFingerprint fingerprint, TimeSpan? interval = null, string? startFrom = null)
    {
        var full = System.IO.Path.GetFullPath(path);
        var resume = File.Exists(full) ? CheckpointFile.Read(path, fingerprint)
            : startFrom is not null ? CheckpointFile.Read(startFrom, fingerprint)
            : null;
        return new SearchCheckpoint(full, fingerprint, interval ?? DefaultInterval, resume);
    }

    /// <summary>Writes <paramref name="state"/> over the file, atomically.</summary>
    public void Save(FrontierState state) => CheckpointFile.Write(Path, Fingerprint, state);
}

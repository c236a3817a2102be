namespace ExactLip.Batch.Jobs;

/// <summary>
/// One job of a batch: where it sits in the job file, its id, its hash and either the certify
/// arguments it stands for or the reason its line is not a job.
/// </summary>
/// <param name="Line">1-based line number in the job file.</param>
/// <param name="Id">The job's "id" field, or its line number when it has none.</param>
/// <param name="Hash">SHA-256 of the job (see <see cref="JobParser"/>); a changed line is a new job.</param>
/// <param name="Text">The line as written.</param>
/// <param name="Model">The model's full path, or null when the line names none.</param>
/// <param name="Arguments">The certify command the job stands for (model first, then options), recorded with its result; empty when <paramref name="Problem"/> is set.</param>
/// <param name="Problem">Why the line is not a job (one sentence), or null.</param>
public sealed record BatchJob(
    int Line,
    string Id,
    string Hash,
    string Text,
    string? Model,
    IReadOnlyList<string> Arguments,
    string? Problem)
{
    /// <summary>The option fields the job sets (time_limit → its value as certify reads it; paths resolved), by field name.</summary>
    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();

    /// <summary>The full path of the checkpoint the job's search starts from (resume_from), or null.</summary>
    public string? ResumeFrom { get; init; }

    /// <summary>The value given to a certify option, or null (e.g. Option("--method")).</summary>
    public string? Option(string name)
    {
        for (var i = 1; i + 1 < Arguments.Count; i += 2)
        {
            if (Arguments[i] == name)
            {
                return Arguments[i + 1];
            }
        }

        return null;
    }
}

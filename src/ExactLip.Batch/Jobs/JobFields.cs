namespace ExactLip.Batch.Jobs;

/// <summary>
/// The fields a job line may hold: certify's long option names with '_' for '-', the model
/// (certify's argument), an optional id, and for a part of a split instance split_of and part.
/// The names are a contract job files rely on.
/// </summary>
public static class JobFields
{
    public const string Model = "model";
    public const string Id = "id";
    public const string TimeLimit = "time_limit";
    public const string Method = "method";

    /// <summary>The id of the instance a job is a part of (exactlip split); not a certify option.</summary>
    public const string SplitOf = "split_of";

    /// <summary>Which part of the split instance a job is, "K/N"; not a certify option.</summary>
    public const string Part = "part";

    /// <summary>A checkpoint the job's search starts from (a part of a split over activation patterns); not a certify option.</summary>
    public const string ResumeFrom = "resume_from";

    /// <summary>The option fields, in the order their options are given to certify.</summary>
    public static IReadOnlyList<string> Options { get; } =
    [
        "lo", "hi", "center", "eps", "vnnlib", "norm", "c", "output_norm",
        "solver", Method, TimeLimit, "gap", "tolerance", "bounds", "branching", "threads", "seed",
    ];

    /// <summary>Fields that name a file: relative paths are relative to the job file.</summary>
    public static IReadOnlySet<string> Paths { get; } = new HashSet<string>(StringComparer.Ordinal) { Model, "vnnlib", ResumeFrom };

    /// <summary>Every field name, for the message about an unknown one.</summary>
    public static IReadOnlyList<string> All { get; } = [Model, Id, SplitOf, Part, ResumeFrom, .. Options];

    /// <summary>The certify option a field stands for: time_limit → --time-limit.</summary>
    public static string OptionName(string field) => "--" + field.Replace('_', '-');
}

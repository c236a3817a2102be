namespace ExactLip.Certify;

/// <summary>Where the witness point came from; spelled "start", "mip", "region", "centre" in output and JSON.</summary>
public enum WitnessSource
{
    /// <summary>Sampling and local search before the search proper.</summary>
    Start,

    /// <summary>The MIP solver's solution.</summary>
    Mip,

    /// <summary>An interior point of a pattern's region, found by an LP.</summary>
    Region,

    /// <summary>The centre of a branch-and-bound sub-domain, proven inside one region.</summary>
    Centre,
}

/// <summary>How a sub-problem ended; spelled as in the JSON field subproblems[].outcome.</summary>
public enum SubproblemOutcome
{
    Optimal,
    TimeLimit,
    Interrupted,
    Infeasible,
    Unbounded,
    SolverFailed,

    /// <summary>The run ended before the sub-problem started.</summary>
    NotStarted,

    /// <summary>Its upper bound could not beat the lower bound already held, so it needed no solve.</summary>
    Pruned,
}

public static class WitnessSpelling
{
    public static string Name(this WitnessSource source) => source switch
    {
        WitnessSource.Start => "start",
        WitnessSource.Mip => "mip",
        WitnessSource.Region => "region",
        _ => "centre",
    };

    public static string Name(this SubproblemOutcome outcome) => outcome switch
    {
        SubproblemOutcome.Optimal => "optimal",
        SubproblemOutcome.TimeLimit => "time_limit",
        SubproblemOutcome.Interrupted => "interrupted",
        SubproblemOutcome.Infeasible => "infeasible",
        SubproblemOutcome.Unbounded => "unbounded",
        SubproblemOutcome.SolverFailed => "solver_failed",
        SubproblemOutcome.NotStarted => "not_started",
        _ => "pruned",
    };
}

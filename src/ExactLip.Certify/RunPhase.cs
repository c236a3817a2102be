namespace ExactLip.Certify;

/// <summary>What a run is doing when it reports progress; spelled "bounds", "search", "mip", "bab", "done" in progress lines.</summary>
public enum RunPhase
{
    /// <summary>Bound propagation (and LP tightening).</summary>
    Bounds,

    /// <summary>The starting-point search (the MIP path) or the first witness (branch and bound).</summary>
    Search,

    /// <summary>A MIP being solved.</summary>
    Mip,

    /// <summary>Branch and bound over activation patterns.</summary>
    Bab,

    /// <summary>The run has ended.</summary>
    Done,
}

public static class RunPhases
{
    public static string Name(this RunPhase phase) => phase switch
    {
        RunPhase.Bounds => "bounds",
        RunPhase.Search => "search",
        RunPhase.Mip => "mip",
        RunPhase.Bab => "bab",
        _ => "done",
    };
}

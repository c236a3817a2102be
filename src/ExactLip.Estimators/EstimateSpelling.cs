namespace ExactLip.Estimators;

/// <summary>The spellings of kinds and scopes in tables and JSON (a contract scripts rely on).</summary>
public static class EstimateSpelling
{
    public static string Name(this EstimateKind kind) => kind switch
    {
        EstimateKind.Upper => "upper",
        EstimateKind.Lower => "lower",
        _ => "heuristic",
    };

    public static string Name(this EstimateScope scope) => scope == EstimateScope.Local ? "local" : "global";
}

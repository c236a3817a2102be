using ExactLip.Certify;

namespace ExactLip.Cli;

/// <summary>The spellings of enum values in output and JSON (a contract scripts rely on).</summary>
public static class Names
{
    public static string Of(StopReason stop) => stop switch
    {
        StopReason.Optimal => "optimal",
        StopReason.TimeLimit => "time_limit",
        StopReason.SolverFailed => "solver_failed",
        _ => "interrupted",
    };

    public static string Of(CertificateStatus status) => status == CertificateStatus.Exact ? "exact" : "bounds";
}

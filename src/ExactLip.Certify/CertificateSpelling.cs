namespace ExactLip.Certify;

/// <summary>How status and stop reason are spelled in output and JSON (a contract scripts rely on).</summary>
public static class CertificateSpelling
{
    public static string Name(this StopReason stop) => stop switch
    {
        StopReason.Optimal => "optimal",
        StopReason.TimeLimit => "time_limit",
        StopReason.SolverFailed => "solver_failed",
        _ => "interrupted",
    };

    public static string Name(this UpperBoundSource source) => source == UpperBoundSource.Proven ? "proven" : "mip_solver";

    public static string Name(this CertificateStatus status) => status == CertificateStatus.Exact ? "exact" : "bounds";
}

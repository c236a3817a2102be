namespace ExactLip.Solvers.Scip;

/// <summary>
/// The SCIP constants the binding uses whose values are the same in SCIP 9 and 10, names
/// verbatim; pinned by a test. Values that changed between releases live in <see cref="ScipAbi"/>.
/// </summary>
internal static class ScipConstants
{
    public const int SCIP_OKAY = 1;

    public const int SCIP_OBJSENSE_MAXIMIZE = -1;
    public const int SCIP_OBJSENSE_MINIMIZE = 1;

    public const int SCIP_VARTYPE_BINARY = 0;
    public const int SCIP_VARTYPE_INTEGER = 1;
    public const int SCIP_VARTYPE_CONTINUOUS = 3;

    public const uint TRUE = 1;
    public const uint FALSE = 0;
}

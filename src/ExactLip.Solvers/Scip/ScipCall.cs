using ExactLip.Core;

namespace ExactLip.Solvers.Scip;

/// <summary>Turns a SCIP_RETCODE other than SCIP_OKAY into one exception, in this one place.</summary>
internal static class ScipCall
{
    public static void Check(int code, string function)
    {
        if (code != ScipConstants.SCIP_OKAY)
        {
            throw new SolverFailedException($"SCIP's {function} failed with SCIP_RETCODE {code}.");
        }
    }
}

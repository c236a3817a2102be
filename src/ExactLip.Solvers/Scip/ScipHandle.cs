using System.Runtime.InteropServices;
using ExactLip.Core;

namespace ExactLip.Solvers.Scip;

/// <summary>Owns one SCIP* with its problem; SCIPfree releases it and everything it holds.</summary>
internal sealed unsafe class ScipHandle : SafeHandle
{
    public ScipHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>A SCIP instance with the default plugins (SoPlex or the LP solver it was built with).</summary>
    public static ScipHandle Create()
    {
        ScipLibrary.Require();
        IntPtr raw;
        if (ScipNative.SCIPcreate(&raw) != ScipConstants.SCIP_OKAY || raw == IntPtr.Zero)
        {
            throw new SolverFailedException("SCIP could not create an instance (SCIPcreate failed).");
        }

        var scip = new ScipHandle();
        scip.SetHandle(raw);
        ScipCall.Check(ScipNative.SCIPincludeDefaultPlugins(scip), "SCIPincludeDefaultPlugins");
        ScipNative.SCIPsetMessagehdlrQuiet(scip, ScipConstants.TRUE);
        return scip;
    }

    protected override bool ReleaseHandle()
    {
        var raw = handle;
        return ScipNative.SCIPfree(&raw) == ScipConstants.SCIP_OKAY;
    }
}

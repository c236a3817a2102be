using System.Runtime.InteropServices;

namespace ExactLip.Solvers.Glpk;

/// <summary>
/// Owns one glp_prob*. GLPK's memory belongs to the thread that allocated it, so the handle must
/// be disposed (with <c>using</c>) on the thread that created it, never left to the finalizer.
/// </summary>
internal sealed class GlpkProblemHandle : SafeHandle
{
    public GlpkProblemHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    public static GlpkProblemHandle Create()
    {
        var problem = new GlpkProblemHandle();
        problem.SetHandle(GlpkNative.glp_create_prob());
        if (problem.IsInvalid)
        {
            throw new InvalidOperationException("glp_create_prob returned no problem.");
        }

        return problem;
    }

    protected override bool ReleaseHandle()
    {
        GlpkNative.glp_delete_prob(handle);
        return true;
    }
}

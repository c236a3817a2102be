using System.Runtime.InteropServices;

namespace ExactLip.Solvers.Glpk;

/// <summary>Owns one glp_prob*; released with glp_delete_prob on the thread that disposes it.</summary>
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

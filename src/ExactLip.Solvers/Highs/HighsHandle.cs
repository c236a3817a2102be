using System.Runtime.InteropServices;

namespace ExactLip.Solvers.Highs;

/// <summary>Owns one Highs instance (the void* of the C API); Highs_destroy releases it.</summary>
internal sealed class HighsHandle : SafeHandle
{
    public HighsHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    public static HighsHandle Create()
    {
        HighsLibrary.Require();
        var highs = new HighsHandle();
        highs.SetHandle(HighsNative.Highs_create());
        if (highs.IsInvalid)
        {
            throw new InvalidOperationException("Highs_create returned no instance.");
        }

        return highs;
    }

    protected override bool ReleaseHandle()
    {
        HighsNative.Highs_destroy(handle);
        return true;
    }
}

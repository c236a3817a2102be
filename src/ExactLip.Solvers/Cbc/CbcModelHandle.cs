using System.Runtime.InteropServices;

namespace ExactLip.Solvers.Cbc;

/// <summary>Owns one Cbc_Model*; released with Cbc_deleteModel.</summary>
internal sealed class CbcModelHandle : SafeHandle
{
    public CbcModelHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    public static CbcModelHandle Create()
    {
        var model = new CbcModelHandle();
        model.SetHandle(CbcNative.Cbc_newModel());
        if (model.IsInvalid)
        {
            throw new InvalidOperationException("Cbc_newModel returned no model.");
        }

        return model;
    }

    protected override bool ReleaseHandle()
    {
        CbcNative.Cbc_deleteModel(handle);
        return true;
    }
}

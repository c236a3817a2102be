using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace ExactLip.Solvers.Glpk;

/// <summary>
/// Captures GLPK's terminal output through glp_term_hook so nothing reaches stdout; the text
/// is kept (up to a limit) to explain a failure. GLPK's environment, and so the hook, belongs
/// to the calling thread: install and remove it on the thread that solves.
/// </summary>
internal sealed unsafe class GlpkTerminal : IDisposable
{
    private const int Limit = 16_384;
    private readonly StringBuilder _text = new();
    private GCHandle _self;

    public GlpkTerminal()
    {
        _self = GCHandle.Alloc(this);
        GlpkNative.glp_term_hook(&Hook, GCHandle.ToIntPtr(_self));
    }

    public string Text => _text.ToString().Trim();

    public void Dispose()
    {
        if (_self.IsAllocated)
        {
            GlpkNative.glp_term_hook(null, IntPtr.Zero);
            _self.Free();
        }
    }

    [UnmanagedCallersOnly(CallConvs = new[] { typeof(CallConvCdecl) })]
    private static int Hook(IntPtr info, IntPtr s)
    {
        try
        {
            var terminal = (GlpkTerminal)GCHandle.FromIntPtr(info).Target!;
            if (terminal._text.Length < Limit)
            {
                terminal._text.Append(Marshal.PtrToStringUTF8(s));
            }
        }
        catch (Exception)
        {
            // Nothing may cross into GLPK; losing a log line is harmless.
        }

        // Non-zero tells GLPK the text was handled and must not be printed.
        return 1;
    }
}

using System.Runtime.InteropServices;

namespace ExactLip.Solvers.Interop;

/// <summary>
/// Keeps the process's SIGINT and SIGTERM handlers while a native solver runs.
/// Implementation note: measured on CBC 2.10.8, Cbc_solve installs a SIGINT handler of its own
/// for a moment (tens of milliseconds up to about a second on LipMIP models) and then puts the
/// previous handler back with signal(), which drops the flags .NET registered it with. A Ctrl-C
/// in that window is swallowed. The guard saves both handlers exactly (the whole struct
/// sigaction) before the solve, checks every 20 ms whether they changed, and restores the saved
/// ones at once and again when the solve ends. That shrinks the window to one polling period.
/// </summary>
internal sealed unsafe partial class SignalGuard : IDisposable
{
    private const int SigInt = 2;
    private const int SigTerm = 15;

    // struct sigaction on Linux x86-64 and arm64 (glibc) is 152 bytes; 256 leaves room.
    private const int ActionSize = 256;

    private readonly byte[] _int = new byte[ActionSize];
    private readonly byte[] _term = new byte[ActionSize];
    private readonly Timer? _timer;
    private readonly object _gate = new();
    private bool _disposed;

    public SignalGuard()
    {
        NativeLibraries.EnsureResolver();
        if (!OperatingSystem.IsLinux() || !Save(SigInt, _int) || !Save(SigTerm, _term))
        {
            return;
        }

        _timer = new Timer(_ => Enforce(), null, TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(20));
    }

    /// <summary>Restores a saved handler that someone replaced.</summary>
    public void Enforce()
    {
        lock (_gate)
        {
            if (_timer is null || _disposed)
            {
                return;
            }

            Restore(SigInt, _int);
            Restore(SigTerm, _term);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_timer is null || _disposed)
            {
                return;
            }

            _timer.Dispose();
            Restore(SigInt, _int);
            Restore(SigTerm, _term);
            _disposed = true;
        }
    }

    private static bool Save(int signal, byte[] into)
    {
        fixed (byte* p = into)
        {
            return sigaction(signal, null, p) == 0;
        }
    }

    private static void Restore(int signal, byte[] saved)
    {
        var now = new byte[ActionSize];
        fixed (byte* current = now)
        fixed (byte* wanted = saved)
        {
            // The handler pointer (offset 0) and the flags (offset 136, after the 128-byte mask) are
            // what a replacement changes; glibc leaves most of the mask bytes unwritten.
            var changed = sigaction(signal, null, current) == 0
                && (*(IntPtr*)current != *(IntPtr*)wanted || *(int*)(current + 136) != *(int*)(wanted + 136));
            if (changed)
            {
                sigaction(signal, wanted, null);
            }
        }
    }

    [LibraryImport(NativeLibraries.Libc)]
    private static partial int sigaction(int signum, byte* act, byte* oldact);
}

using System.Runtime.InteropServices;

namespace ExactLip.Core.Threading;

/// <summary>
/// The nice value of one operating-system thread, on Linux, where it is a per-thread attribute
/// (setpriority(PRIO_PROCESS, tid, n) with a thread id changes that thread only; setpriority(2),
/// "BUGS").
/// Implementation note: an unprivileged process may raise a thread's nice value but never lower
/// it again (RLIMIT_NICE is 0 by default), so callers treat a raise as final. Threads a thread
/// starts inherit its nice value. Elsewhere (or where the C library cannot be called) nothing
/// changes and <see cref="Supported"/> is false.
/// </summary>
public static partial class ThreadNice
{
    private const int PrioProcess = 0;
    private static readonly Lazy<bool> Available = new(Probe);

    /// <summary>True when thread ids and per-thread nice values can be read and raised here.</summary>
    public static bool Supported => Available.Value;

    /// <summary>The calling thread's operating-system id; 0 where <see cref="Supported"/> is false.</summary>
    public static int CurrentThreadId() => Supported ? gettid() : 0;

    /// <summary>Raises the nice value of thread <paramref name="threadId"/> to <paramref name="nice"/>; false when refused or unsupported.</summary>
    public static bool Raise(int threadId, int nice) =>
        Supported && threadId > 0 && setpriority(PrioProcess, threadId, Math.Clamp(nice, -20, 19)) == 0;

    /// <summary>The nice value of thread <paramref name="threadId"/>, or null when it cannot be read.</summary>
    public static int? Of(int threadId)
    {
        if (!Supported || threadId <= 0)
        {
            return null;
        }

        // getpriority returns the nice value, and -1 both as a value and as the error: errno decides.
        Marshal.SetLastPInvokeError(0);
        var value = getpriority(PrioProcess, threadId);
        return value == -1 && Marshal.GetLastPInvokeError() != 0 ? null : value;
    }

    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return gettid() > 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc.so.6")]
    private static partial int gettid();

    [LibraryImport("libc.so.6", SetLastError = true)]
    private static partial int setpriority(int which, int who, int prio);

    [LibraryImport("libc.so.6", SetLastError = true)]
    private static partial int getpriority(int which, int who);
}

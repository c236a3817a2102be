using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace ExactLip.Solvers.Interop;

/// <summary>
/// Redirects file descriptor 1 into a pipe while a native solver runs, and hands every line it
/// prints to a callback on a background thread; nothing reaches the real stdout.
/// Implementation note: fd 1 is process-wide, so callers must serialise captures. .NET's
/// Console holds its own duplicate of fd 1, taken when Console.Out is first used; the
/// constructor touches Console.Out first so managed output keeps going to the terminal.
/// The C stdout stream is made line-buffered, otherwise a pipe makes it fully buffered and
/// lines would arrive in 4 KB bursts. Unix only.
/// </summary>
internal sealed unsafe class StdoutCapture : IDisposable
{
    private const int StdoutFd = 1;
    private readonly int _saved;
    private readonly IntPtr _cStdout;
    private readonly Thread _reader;
    private bool _disposed;

    public StdoutCapture(Action<string> onLine)
    {
        Console.Out.Flush();
        _cStdout = LibcNative.StdoutFile();
        Flush();
        int* fds = stackalloc int[2];
        if (LibcNative.pipe(fds) != 0)
        {
            throw new IOException($"pipe() failed with errno {Marshal.GetLastPInvokeError()}.");
        }

        _saved = LibcNative.dup(StdoutFd);
        if (_saved < 0 || LibcNative.dup2(fds[1], StdoutFd) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            LibcNative.close(fds[0]);
            LibcNative.close(fds[1]);
            if (_saved >= 0)
            {
                LibcNative.close(_saved);
            }

            throw new IOException($"Redirecting stdout failed with errno {errno}.");
        }

        // fd 1 is now the only write end: when it is restored, the reader sees end of file.
        LibcNative.close(fds[1]);
        if (_cStdout != IntPtr.Zero)
        {
            LibcNative.setvbuf(_cStdout, IntPtr.Zero, LibcNative._IOLBF, 0);
        }

        var readEnd = new SafeFileHandle((IntPtr)fds[0], ownsHandle: true);
        _reader = new Thread(() => Pump(readEnd, onLine)) { IsBackground = true, Name = "solver-stdout" };
        _reader.Start();
    }

    /// <summary>Restores fd 1 and waits until every captured line has been delivered.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Flush();
        LibcNative.dup2(_saved, StdoutFd);
        LibcNative.close(_saved);
        _reader.Join();
    }

    private void Flush()
    {
        if (_cStdout != IntPtr.Zero)
        {
            LibcNative.fflush(_cStdout);
        }
    }

    private static void Pump(SafeFileHandle readEnd, Action<string> onLine)
    {
        using var stream = new FileStream(readEnd, FileAccess.Read, bufferSize: 0);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            try
            {
                onLine(line);
            }
            catch (Exception)
            {
                // A failing listener must not stop the pump: the solver would block on a full pipe.
            }
        }
    }
}

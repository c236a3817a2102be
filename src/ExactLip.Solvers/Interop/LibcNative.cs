using System.Runtime.InteropServices;

namespace ExactLip.Solvers.Interop;

/// <summary>Raw imports of the few C library functions used to capture a solver's stdout.</summary>
internal static unsafe partial class LibcNative
{
    public const int _IOLBF = 1;

    static LibcNative()
    {
        NativeLibraries.EnsureResolver();
    }

    [LibraryImport(NativeLibraries.Libc, SetLastError = true)]
    public static partial int dup(int fd);

    [LibraryImport(NativeLibraries.Libc, SetLastError = true)]
    public static partial int dup2(int oldfd, int newfd);

    [LibraryImport(NativeLibraries.Libc, SetLastError = true)]
    public static partial int pipe(int* fds);

    [LibraryImport(NativeLibraries.Libc, SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport(NativeLibraries.Libc)]
    public static partial int fflush(IntPtr stream);

    [LibraryImport(NativeLibraries.Libc)]
    public static partial int setvbuf(IntPtr stream, IntPtr buf, int mode, nuint size);

    [LibraryImport(NativeLibraries.Libc)]
    public static partial int dladdr(IntPtr address, Dl_info* info);

    /// <summary>The C library's <c>stdout</c> FILE*, read from the exported variable.</summary>
    public static IntPtr StdoutFile()
    {
        if (!NativeLibraries.TryLoad(NativeLibraries.Libc, out var libc))
        {
            return IntPtr.Zero;
        }

        return NativeLibrary.TryGetExport(libc, "stdout", out var address) ? *(IntPtr*)address : IntPtr.Zero;
    }

    /// <summary>The file a native symbol was loaded from, or null.</summary>
    public static string? FileOf(IntPtr symbol)
    {
        Dl_info info;
        return dladdr(symbol, &info) != 0 && info.dli_fname != IntPtr.Zero ? Marshal.PtrToStringUTF8(info.dli_fname) : null;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct Dl_info
    {
        public IntPtr dli_fname;
        public IntPtr dli_fbase;
        public IntPtr dli_sname;
        public IntPtr dli_saddr;
    }
}

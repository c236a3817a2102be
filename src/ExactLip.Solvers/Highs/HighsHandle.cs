using System.Runtime.InteropServices;

namespace ExactLip.Solvers.Highs;

/// <summary>Owns one Highs instance (the void* of the C API); Highs_destroy releases it.</summary>
internal sealed class HighsHandle : SafeHandle
{
    public HighsHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    private static readonly string? LogFile = Environment.GetEnvironmentVariable("EXACTLIP_HIGHS_LOG");

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

        // Before anything else: loading a model prints HiGHS's banner to stdout. Logging stays on
        // (output_flag) but goes nowhere, because HiGHS raises its MIP-logging callback only while
        // logging is on, and that callback carries the final bounds of the search.
        // EXACTLIP_HIGHS_LOG names a file that gets HiGHS's own log, for diagnosing the solver.
        HighsCall.SetOption(highs, "log_to_console", false);
        if (LogFile is { Length: > 0 } log)
        {
            HighsCall.SetOption(highs, "log_file", log);
        }

        return highs;
    }

    protected override bool ReleaseHandle()
    {
        HighsNative.Highs_destroy(handle);
        return true;
    }
}

using System.Diagnostics;
using System.Runtime.InteropServices;
using ExactLip.Mip;
using ExactLip.Mip.Solving;

namespace ExactLip.Solvers.Highs;

/// <summary>
/// <see cref="IMipSolver"/> over HiGHS's C API (HiGHS 1.7 and later, MIT).
/// Implementation note: every solve has its own Highs instance, created, run and destroyed on the
/// caller's thread (HiGHS instances are not shared across threads). Progress and cancellation go
/// through HiGHS's own callback (see <see cref="HighsSearch"/>), so Ctrl-C stops the native search
/// and the bounds it holds are returned. The library is found and checked by
/// <see cref="HighsLibrary"/>; a start is passed with Highs_setSolution. HiGHS also implements warm
/// LP sessions for bound tightening (<see cref="HighsLpSession"/>).
/// </summary>
public sealed class HighsSolver : IMipSolver, ILpSessionFactory
{
    public string Name => "highs";

    public string Version
    {
        get
        {
            HighsLibrary.Require();
            return Marshal.PtrToStringUTF8(HighsNative.Highs_version()) ?? "unknown";
        }
    }

    public bool UsesStart => true;

    public bool ReportsRowDuals => true;

    public ILpSession OpenLp(MipModel model) => new HighsLpSession(model);

    public SolveOutcome Solve(MipModel model, SolveOptions options, IProgress<SolveProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        ModelChecks.Validate(model, options);
        HighsLibrary.Require();
        var clock = Stopwatch.StartNew();
        var recorder = new ProgressRecorder(progress, options.ProgressInterval, clock);
        if (cancellationToken.IsCancellationRequested)
        {
            return new SolveOutcome(SolveStatus.Interrupted, null, null, null, 0, 0, recorder.History());
        }

        return new HighsRun(model, options, recorder, clock).Execute(cancellationToken);
    }
}

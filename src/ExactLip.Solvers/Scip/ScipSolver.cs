using System.Diagnostics;
using System.Globalization;
using ExactLip.Mip;
using ExactLip.Mip.Solving;

namespace ExactLip.Solvers.Scip;

/// <summary>
/// <see cref="IMipSolver"/> over SCIP's C API (SCIP 9 and 10, Apache-2.0).
/// Implementation note: every solve has its own SCIP instance, created, solved and freed on the
/// caller's thread (SCIP instances share no state, so solves may run concurrently). Progress comes
/// from an event handler on new incumbents, solved nodes and node LPs (<see cref="ScipSearch"/>);
/// cancellation calls SCIPinterruptSolve, after which SCIP returns with both bounds. The library
/// is found and its release-specific enum values chosen by <see cref="ScipLibrary"/>.
/// </summary>
public sealed class ScipSolver : IMipSolver
{
    public string Name => "scip";

    public string Version
    {
        get
        {
            ScipLibrary.Require();
            return string.Create(CultureInfo.InvariantCulture, $"{ScipNative.SCIPmajorVersion()}.{ScipNative.SCIPminorVersion()}.{ScipNative.SCIPtechVersion()}");
        }
    }

    public bool UsesStart => true;

    // The binding reads no row duals from SCIP (its LP lives in SCIP's transformed problem).
    public bool ReportsRowDuals => false;

    public SolveOutcome Solve(MipModel model, SolveOptions options, IProgress<SolveProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        ModelChecks.Validate(model, options);
        ScipLibrary.Require();
        var clock = Stopwatch.StartNew();
        var recorder = new ProgressRecorder(progress, options.ProgressInterval, clock);
        if (cancellationToken.IsCancellationRequested)
        {
            return new SolveOutcome(SolveStatus.Interrupted, null, null, null, 0, 0, recorder.History());
        }

        return new ScipRun(model, options, recorder, clock).Execute(cancellationToken);
    }
}

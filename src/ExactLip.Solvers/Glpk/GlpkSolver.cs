using System.Diagnostics;
using System.Runtime.InteropServices;
using ExactLip.Mip;
using ExactLip.Mip.Solving;

namespace ExactLip.Solvers.Glpk;

/// <summary>
/// <see cref="IMipSolver"/> over GLPK's C API (GLPK 5.0, GPL-3+).
/// Implementation note: the search runs on the caller's thread; glp_intopt's callback reports
/// progress and honours cancellation through glp_ios_terminate. Neither the root LP nor a pure
/// LP (solved by glp_simplex) can be interrupted: GLPK calls back only between tree nodes.
/// The MIP presolver is on, except when the model carries a start: the presolved problem the
/// callback sees is another object with fewer columns (measured: a fixed column disappears),
/// so glp_ios_heur_sol cannot take the model's start there;
/// with presolve off GLPK needs the LP relaxation solved first, which glp_simplex does.
/// GLPK keeps its state per thread and abort()s on bad input, so the model is checked first and
/// the problem object is created, solved and deleted on one thread.
/// </summary>
public sealed unsafe class GlpkSolver : IMipSolver, ILpSessionFactory, IWarmLpFactory
{
    public string Name => "glpk";

    public string Version => Marshal.PtrToStringUTF8(GlpkNative.glp_version()) ?? "unknown";

    public bool UsesStart => true;

    public bool ReportsRowDuals => true;

    public ILpSession OpenLp(MipModel model) => new GlpkLpSession(model);

    public IWarmLp OpenWarmLp() => new GlpkWarmLp(this);

    public SolveOutcome Solve(MipModel model, SolveOptions options, IProgress<SolveProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        ModelChecks.Validate(model, options);
        var clock = Stopwatch.StartNew();
        var recorder = new ProgressRecorder(progress, options.ProgressInterval, clock);
        if (cancellationToken.IsCancellationRequested)
        {
            return new SolveOutcome(SolveStatus.Interrupted, null, null, null, 0, 0, recorder.History());
        }

        using var terminal = new GlpkTerminal();
        using var glp = GlpkProblemHandle.Create();
        GlpkProblemLoader.Load(glp, model);
        var run = new GlpkRun(glp, model, options, recorder, clock, terminal);
        return model.IsMip ? run.SolveMip(cancellationToken) : run.SolveLp(presolve: true);
    }
}

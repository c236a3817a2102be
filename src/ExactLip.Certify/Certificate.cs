namespace ExactLip.Certify;

/// <summary>Whether the run pinned the value down.</summary>
public enum CertificateStatus
{
    /// <summary>Lower and upper bound agree within the tolerance.</summary>
    Exact,

    /// <summary>Only bounds are known.</summary>
    Bounds,
}

/// <summary>Where the upper bound comes from; spelled "proven" and "mip_solver" in JSON (upper_bound_source).</summary>
public enum UpperBoundSource
{
    /// <summary>Proven by ExactLip: bound propagation with rounding-error bounds, branch and bound's rigorous bounds.</summary>
    Proven,

    /// <summary>A MIP solver's dual bound, within the solver's tolerances (the MIP path's documented limit).</summary>
    MipSolver,
}

/// <summary>Why the run ended.</summary>
public enum StopReason
{
    Optimal,
    TimeLimit,
    Interrupted,

    /// <summary>The solver gave up on a sub-problem (see the notes); the bounds are still certified.</summary>
    SolverFailed,
}

/// <summary>The point that attains the lower bound.</summary>
/// <param name="X">The input point, inside the box.</param>
/// <param name="C">The output weights used there (the given c, a basis vector, or a sign vector).</param>
/// <param name="Value">
/// A lower bound on the quantity proven at X: X lies in the interior of an activation region
/// (every ReLU input nonzero beyond its rounding error), and the value is the gradient norm there
/// rounded down by its error bound (<see cref="WitnessProof"/>).
/// </param>
/// <param name="Origin">Where the point came from: the starting search, the MIP solver's solution, an interior point of a pattern's region, or a sub-domain's centre.</param>
public sealed record Witness(double[] X, double[] C, double Value, WitnessSource Origin)
{
    /// <summary>The origin as output and JSON spell it: "start", "mip", "region" or "centre".</summary>
    public string Source => Origin.Name();

    /// <summary>The activation region X lies in (<see cref="Network.InteriorPoint.Pattern"/>); empty before any point is proven.</summary>
    public IReadOnlyList<string> Pattern { get; init; } = Array.Empty<string>();

    /// <summary>
    /// The model's output at X as ONNX Runtime computes it (X rounded to the model's input type),
    /// the check that the imported network is the model in the file; null when not evaluated
    /// (a JSON network, or ONNX Runtime unavailable).
    /// </summary>
    public IReadOnlyList<double>? OnnxRuntimeOutput { get; init; }
}

/// <summary>One sub-problem (one MIP) of the run.</summary>
public sealed record SubproblemResult(
    int Index,
    double[]? C,
    double Lower,
    double Upper,
    SubproblemOutcome Ending,
    long Nodes,
    double Seconds,
    int Binaries,
    int UnstableNeurons,
    int ExcludedPatterns)
{
    /// <summary>The ending as the JSON field outcome spells it ("optimal", "time_limit", "pruned"…).</summary>
    public string Outcome => Ending.Name();

    /// <summary>The engine that solved it, when a portfolio ran several; null for a single engine's run.</summary>
    public CertificationMethod? Engine { get; init; }
}

/// <summary>One point of the bound history.</summary>
public sealed record BoundPoint(double Seconds, double Lower, double Upper)
{
    /// <summary>The engine whose bounds these are, when a portfolio ran several; null for a single engine's run.</summary>
    public CertificationMethod? Engine { get; init; }
}

/// <summary>How one engine of a portfolio ended, beside the portfolio's combined result.</summary>
/// <param name="Cancelled">True when the portfolio stopped it because the other engine had closed the gap.</param>
public sealed record EngineRun(CertificationMethod Engine, string Solver, CertificateStatus Status, StopReason Stop, double Lower, double Upper, double Seconds, long Nodes, bool Cancelled)
{
    /// <summary>False when the other engine settled the run before this one was due to start.</summary>
    public bool Started { get; init; } = true;
}

/// <summary>
/// The result of a certification: certified lower and upper bounds, the exact value when they
/// meet, the witness that attains the lower bound, and what it cost.
/// </summary>
public sealed record Certificate(
    string Quantity,
    CertificateStatus Status,
    StopReason Stop,
    double Lower,
    double Upper,
    double Tolerance,
    Witness Witness,
    string Solver,
    string SolverVersion,
    string BoundsMethod,
    double Seconds,
    long Nodes,
    int UnstableNeurons,
    int Binaries,
    double BoundsUpper,
    IReadOnlyList<SubproblemResult> Subproblems,
    IReadOnlyList<BoundPoint> History,
    IReadOnlyList<string> Notes,
    IReadOnlyDictionary<string, int> UnstableByBounds)
{
    /// <summary>The engine that produced the certificate: LipMIP or branch and bound.</summary>
    public CertificationMethod Engine { get; init; } = CertificationMethod.Mip;

    /// <summary>The engine's spelling in output and JSON: "mip", "bab", or "auto" for the portfolio of both.</summary>
    public string Method => Engine.Name();

    /// <summary>
    /// Whether the upper bound is proven by ExactLip (bound propagation, branch and bound) or is a
    /// MIP solver's dual bound, taken within the solver's tolerances (docs/guarantees.md).
    /// </summary>
    public UpperBoundSource UpperSource { get; init; } = UpperBoundSource.Proven;

    /// <summary>The engine that closed the gap when a portfolio raced several (null otherwise; see <see cref="ClosedByEngine"/>).</summary>
    public CertificationMethod? ClosedBy { get; init; }

    /// <summary>The engine that closed the gap: the portfolio's winner, or the single engine; null when only bounds are known.</summary>
    public CertificationMethod? ClosedByEngine => Status == CertificateStatus.Exact ? ClosedBy ?? Engine : null;

    /// <summary>How each engine of a portfolio ended (empty for a single engine's run).</summary>
    public IReadOnlyList<EngineRun> EngineRuns { get; init; } = Array.Empty<EngineRun>();

    /// <summary>The exact constant, or null when only bounds are known.</summary>
    public double? Value => Status == CertificateStatus.Exact ? Lower : null;

    /// <summary>
    /// The smallest positive normal double. It stands in for the value only when the value is 0,
    /// and there it admits nothing but bounds closer than any normal number: a floor without a
    /// unit, so it neither depends on the network's scale nor makes a small constant "exact".
    /// </summary>
    public const double SmallestNormal = 2.2250738585072014E-308;

    /// <summary>
    /// True when the bounds pin the value down to the relative <paramref name="tolerance"/>:
    /// upper − lower ≤ tolerance · max(|lower|, <see cref="SmallestNormal"/>). The value reported
    /// is the lower bound, so this says that the true constant, which lies between the bounds, is
    /// within that fraction of the value reported, whatever the value's magnitude. Infinite or NaN
    /// bounds never agree.
    /// </summary>
    public static bool Agree(double lower, double upper, double tolerance) =>
        upper - lower <= tolerance * Math.Max(Math.Abs(lower), SmallestNormal);
}

using ExactLip.BranchAndBound;
using ExactLip.Certify;

namespace ExactLip.Engines;

/// <summary>Which engine a caller wants and how it is built: the method, the back end, branch-and-bound settings.</summary>
public sealed record EngineSettings
{
    /// <summary>The MIP back end when none is named: CBC (certify's --solver default).</summary>
    public const string DefaultMipSolver = "cbc";

    /// <summary>Auto: both engines at once where both apply (<see cref="PortfolioEngine"/>), else the one that applies.</summary>
    public CertificationMethod Method { get; init; } = CertificationMethod.Auto;

    /// <summary>
    /// The back end's registry name ("cbc", "glpk", "highs", "scip", "auto"), or null for the
    /// engine's own default: <see cref="DefaultMipSolver"/> for the MIP path, the best LP back end
    /// for branch and bound (it solves LPs only), and for the portfolio's MIP the strongest back end
    /// available (auto).
    /// </summary>
    public string? Solver { get; init; }

    /// <summary>Branch-and-bound settings (ignored by the MIP path).</summary>
    public BranchAndBoundOptions Search { get; init; } = BranchAndBoundOptions.Default;

    /// <summary>How the portfolio shares the cores between its engines.</summary>
    public PortfolioSplit Portfolio { get; init; } = PortfolioSplit.Default;

    /// <summary>The caller needs the MIP itself (an MPS export): auto then picks the MIP path wherever it applies.</summary>
    public bool WantsMip { get; init; }
}

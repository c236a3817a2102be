using System.Globalization;
using System.Text.RegularExpressions;

namespace ExactLip.Solvers.Cbc;

/// <summary>
/// Reads bounds out of CBC's log lines. Implementation note (measured on CBC 2.10.8): the log
/// speaks in CBC's internal minimisation sense, so for a maximisation every objective value in
/// it is negated ("Integer solution of -2276" is an incumbent of 2276, "best possible
/// -2291.83" a bound of 2291.83), whereas the C API's getters return the user's sense. The
/// same holds when the model is handed to CBC as the minimisation of −cᵀx, as CbcSolver does. A
/// missing incumbent prints as 1e+50. Status lines ("Cbc0010I After N nodes") come every
/// 1000 nodes of the main tree; nodes fathomed by CBC's inner complete enumeration are not
/// counted there, so on some models they are rare. Root-node lines give the first bounds.
/// </summary>
internal sealed partial class CbcLogParser
{
    private const double NoSolution = 1e49;
    private readonly double _sense;
    private readonly double _offset;

    /// <param name="sense">−1 when the log is in the negated sense of the model (maximisation).</param>
    /// <param name="offset">The model's objective constant, added to every value.</param>
    public CbcLogParser(double sense, double offset)
    {
        _sense = sense;
        _offset = offset;
    }

    public long Nodes { get; private set; }

    public double? Primal { get; private set; }

    public double? Dual { get; private set; }

    /// <summary>
    /// Whether CBC's LP solver said the problem is unbounded. For a pure LP the C API cannot
    /// tell: Cbc_isProvenInfeasible returns 1 and Cbc_isContinuousUnbounded 0 (measured).
    /// </summary>
    public bool SawUnbounded { get; private set; }

    /// <summary>Reads one line; returns the kind of news it carried, or null when none.</summary>
    public string? Accept(string line)
    {
        if (line.StartsWith("Problem is unbounded", StringComparison.Ordinal) || line.StartsWith("Dual infeasible", StringComparison.Ordinal))
        {
            SawUnbounded = true;
            return null;
        }

        if (StatusLine().Match(line) is { Success: true } status)
        {
            Nodes = Math.Max(Nodes, long.Parse(status.Groups[1].Value, CultureInfo.InvariantCulture));
            SetPrimal(status.Groups[2].Value);
            SetDual(status.Groups[3].Value);
            return "nodes";
        }

        if (SolutionLine().Match(line) is { Success: true } solution)
        {
            SetPrimal(solution.Groups[1].Value);
            if (solution.Groups[2].Success)
            {
                Nodes = Math.Max(Nodes, long.Parse(solution.Groups[2].Value, CultureInfo.InvariantCulture));
            }

            return "incumbent";
        }

        if (StartLine().Match(line) is { Success: true } start)
        {
            SetPrimal(start.Groups[1].Value);
            return "start";
        }

        if (RootLine().Match(line) is { Success: true } root)
        {
            SetDual(root.Groups[1].Value);
            return "root";
        }

        return null;
    }

    private void SetPrimal(string text)
    {
        if (Parse(text) is { } value && Math.Abs(value) < NoSolution)
        {
            var primal = (_sense * value) + _offset;
            Primal = Primal is { } old ? Math.Max(old, primal) : primal;
        }
    }

    private void SetDual(string text)
    {
        if (Parse(text) is { } value && Math.Abs(value) < NoSolution)
        {
            // The latest bound of the main search; it only tightens as the search goes on.
            Dual = (_sense * value) + _offset;
        }
    }

    private static double? Parse(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    [GeneratedRegex(@"^Cbc0010I After (\d+) nodes, \d+ on tree, (\S+) best solution, best possible (\S+) ")]
    private static partial Regex StatusLine();

    [GeneratedRegex(@"^Cbc00(?:04|11|12|16)I Integer solution of (\S+) found(?:.* and (\d+) nodes)?")]
    private static partial Regex SolutionLine();

    [GeneratedRegex(@"^Cbc0045I MIPStart provided solution with cost (\S+)")]
    private static partial Regex StartLine();

    [GeneratedRegex(@"^Cbc0013I At root node, .* to (\S+) in \d+ passes")]
    private static partial Regex RootLine();
}

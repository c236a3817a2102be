using ExactLip.Mip;

namespace ExactLip.Solvers;

/// <summary>
/// Tells when a solver's first incumbent is the starting solution it was given.
/// Implementation note: HiGHS and SCIP take a start before the search and report it as an
/// ordinary incumbent, without saying where it came from. A start that satisfies the model has a
/// known value; the first reported incumbent of that value (within rounding) is labelled
/// "start", so a caller can see that the start was used. An incumbent better than the start is
/// labelled as found by the search.
/// </summary>
internal sealed class StartTracker
{
    private readonly double? _value;
    private bool _seen;

    public StartTracker(MipModel model)
    {
        if (ModelChecks.HasUsableStart(model) && model.MaxViolation(model.Start) <= 1e-6)
        {
            _value = model.Evaluate(model.Start);
        }
    }

    /// <summary>The source label for an incumbent of the given value.</summary>
    public string SourceOf(double primal)
    {
        if (_seen || _value is not { } value)
        {
            return "incumbent";
        }

        _seen = true;
        return Math.Abs(primal - value) <= 1e-6 * Math.Max(1, Math.Abs(value)) ? "start" : "incumbent";
    }
}

using ExactLip.Core;

namespace ExactLip.BranchAndBound;

/// <summary>Which undecided neuron a sub-domain is split on (docs/branch-and-bound.md compares them).</summary>
public enum BranchingRule
{
    /// <summary>
    /// The neuron whose unknown derivative costs the Jacobian bound most: the magnitude of the
    /// back-propagated signal it gates, times the area of its forward relaxation triangle.
    /// </summary>
    Influence,

    /// <summary>The magnitude of the back-propagated signal the neuron gates (derivative uncertainty alone).</summary>
    Signal,

    /// <summary>The widest pre-activation interval.</summary>
    Width,

    /// <summary>The earliest layer first, widest interval within it (LipBaB's order).</summary>
    LayerOrder,
}

public static class BranchingRules
{
    public static string Name(this BranchingRule rule) => rule switch
    {
        BranchingRule.Influence => "influence",
        BranchingRule.Signal => "signal",
        BranchingRule.Width => "width",
        _ => "layer",
    };

    public static BranchingRule Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "influence" => BranchingRule.Influence,
        "signal" => BranchingRule.Signal,
        "width" => BranchingRule.Width,
        "layer" => BranchingRule.LayerOrder,
        _ => throw new ExactLipException($"Unknown branching rule '{text}': choose influence, signal, width or layer."),
    };
}

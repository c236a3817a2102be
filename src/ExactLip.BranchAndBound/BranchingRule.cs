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

    /// <summary>
    /// The neuron whose split lowers the bound of one half most, by the derivative-vertex bound
    /// (each half's largest vertex); the layer order where that bound is not computed.
    /// </summary>
    Objective,
}

public static class BranchingRules
{
    public static string Name(this BranchingRule rule) => rule switch
    {
        BranchingRule.Influence => "influence",
        BranchingRule.Signal => "signal",
        BranchingRule.Width => "width",
        BranchingRule.Objective => "objective",
        _ => "layer",
    };

    public static BranchingRule Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "influence" => BranchingRule.Influence,
        "signal" => BranchingRule.Signal,
        "width" => BranchingRule.Width,
        "layer" => BranchingRule.LayerOrder,
        "objective" => BranchingRule.Objective,
        _ => throw new ExactLipException($"Unknown branching rule '{text}': choose objective, influence, signal, width or layer."),
    };
}

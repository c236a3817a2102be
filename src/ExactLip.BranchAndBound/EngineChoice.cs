using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Network.Layers;

namespace ExactLip.BranchAndBound;

/// <summary>
/// Which exact engine certify uses for --method auto (the rule and the measurements behind it
/// are in docs/branch-and-bound.md).
/// </summary>
public static class EngineChoice
{
    /// <summary>"mip" or "bab" for a network and quantity.</summary>
    /// <param name="wantsMip">The caller needs the MIP itself (an MPS export): the MIP path wherever it applies.</param>
    public static string Choose(Network.Network network, LipschitzQuantity quantity, bool wantsMip = false)
    {
        // Only branch and bound measures ℓ2; only the MIP handles max pooling.
        if (quantity.InputNorm == Norm.L2 || (!quantity.IsScalar && quantity.OutputNorm == Norm.L2))
        {
            return "bab";
        }

        if (wantsMip)
        {
            return "mip";
        }

        var simplified = network.Simplify();
        if (simplified.Layers.Any(l => l is not (LinearLayer or ReluLayer)))
        {
            return "mip";
        }

        return "bab";
    }
}

using ExactLip.BranchAndBound;
using ExactLip.Network.Layers;

namespace ExactLip.Tests.BranchAndBound;

/// <summary>
/// The activation pattern of a sampled point, in branch and bound's numbering of the neurons,
/// and whether it agrees with a sub-domain's fixed signs: how tests decide which sampled points a
/// sub-domain holds.
/// </summary>
internal static class SignPatterns
{
    /// <summary>The sign of every ReLU input at <paramref name="x"/> (0 where it is exactly 0).</summary>
    public static sbyte[] Of(PiecewiseLinearNetwork net, double[] x)
    {
        var acts = net.Network.ForwardAll(x);
        var pattern = new sbyte[net.Neurons];
        for (var k = 0; k < net.Layers.Count; k++)
        {
            if (net.Layers[k] is ReluLayer)
            {
                for (var i = 0; i < acts[k].Length; i++)
                {
                    pattern[net.Offsets[k] + i] = (sbyte)Math.Sign(acts[k][i]);
                }
            }
        }

        return pattern;
    }

    /// <summary>True when <paramref name="pattern"/> has every sign that <paramref name="signs"/> fixes (0: free).</summary>
    public static bool Matches(sbyte[] pattern, sbyte[] signs)
    {
        for (var g = 0; g < signs.Length; g++)
        {
            if (signs[g] != 0 && signs[g] != pattern[g])
            {
                return false;
            }
        }

        return true;
    }
}

using ExactLip.Core;

namespace ExactLip.BranchAndBound;

/// <summary>
/// A part of the search space: an input box and a fixed sign for some ReLU neurons (+1 active,
/// −1 inactive, 0 free). Its points are the x in the box at which every fixed neuron has its
/// sign. <see cref="Upper"/> bounds the quantity over them.
/// </summary>
internal sealed class SubDomain
{
    public SubDomain(Box box, sbyte[] signs, int depth, DomainBounds bounds, double upper, double[] point)
    {
        Point = point;
        Box = box;
        Signs = signs;
        Depth = depth;
        Bounds = bounds;
        Upper = upper;
    }

    public Box Box { get; }

    public sbyte[] Signs { get; }

    public int Depth { get; }

    public DomainBounds Bounds { get; }

    public double Upper { get; }

    /// <summary>
    /// A point of the box at which every fixed neuron has its sign strictly (so the sub-domain
    /// has interior); a half that still contains it needs no LP.
    /// </summary>
    public double[] Point { get; }

    public bool HasFixedNeurons => Array.IndexOf(Signs, (sbyte)1) >= 0 || Array.IndexOf(Signs, (sbyte)-1) >= 0;
}

using ExactLip.Core;

namespace ExactLip.BranchAndBound;

/// <summary>
/// A part of the search space: an input box and a fixed sign for some ReLU neurons (+1 active,
/// −1 inactive, 0 free). Its points are the x in the box at which every fixed neuron has its
/// sign. <see cref="Upper"/> bounds the quantity over them.
/// </summary>
internal sealed class SubDomain
{
    private readonly DomainBounds? _bounds;

    public SubDomain(Box box, sbyte[] signs, int depth, DomainBounds? bounds, double upper, double[] point, int[] path)
    {
        Point = point;
        Path = path;
        Box = box;
        Signs = signs;
        Depth = depth;
        _bounds = bounds;
        Upper = upper;
    }

    public Box Box { get; }

    public sbyte[] Signs { get; }

    public int Depth { get; }

    public DomainBounds Bounds => _bounds ?? throw new InvalidOperationException("A sub-domain read from a checkpoint is bounded again before it is split.");

    /// <summary>True for a sub-domain read from a checkpoint, whose bounds are computed again when it is taken.</summary>
    public bool Restored => _bounds is null;

    public double Upper { get; }

    /// <summary>
    /// A point of the box at which every fixed neuron has its sign strictly (so the sub-domain
    /// has interior); a half that still contains it needs no LP.
    /// </summary>
    public double[] Point { get; }

    /// <summary>
    /// The splits from the root to here, one <see cref="SplitStep"/> each (as many as <see cref="Depth"/>);
    /// empty for a sub-domain read from a checkpoint that saved none.
    /// </summary>
    public int[] Path { get; }

    /// <summary>This sub-domain's path with one more step, for a child.</summary>
    public int[] PathTo(int step)
    {
        var path = new int[Path.Length + 1];
        Path.CopyTo(path, 0);
        path[^1] = step;
        return path;
    }

    public bool HasFixedNeurons => Array.IndexOf(Signs, (sbyte)1) >= 0 || Array.IndexOf(Signs, (sbyte)-1) >= 0;
}

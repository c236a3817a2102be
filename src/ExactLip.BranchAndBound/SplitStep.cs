using ExactLip.Core;

namespace ExactLip.BranchAndBound;

/// <summary>
/// One split on the way from the root to a sub-domain, as one integer: neuron g made active is
/// 2g, inactive 2g + 1; input coordinate i cut at its midpoint is −(2i + 1) for the lower half and
/// −(2i + 2) for the upper. A sub-domain keeps its path (<see cref="SubDomain.Path"/>) and a
/// checkpoint saves it, so that a resumed run bounds it again the way the run that made it did:
/// split by split from the root, each from the one before.
/// Implementation note: the search's own split goes through <see cref="Apply"/>, so the halves
/// a path rebuilds are the search's, bit for bit; a neuron split keeps the box object itself
/// (a child's bounds start from its parent's only over the same box).
/// </summary>
internal static class SplitStep
{
    public static int Neuron(int neuron, sbyte sign) => sign > 0 ? 2 * neuron : (2 * neuron) + 1;

    public static int Input(int coordinate, bool upperHalf) => upperHalf ? -((2 * coordinate) + 2) : -((2 * coordinate) + 1);

    /// <summary>The neuron a neuron split fixes and the sign it gives it; null for an input split.</summary>
    public static (int Neuron, sbyte Sign)? NeuronOf(int step) =>
        step >= 0 ? (step / 2, step % 2 == 0 ? (sbyte)1 : (sbyte)-1) : null;

    /// <summary>True when the step names a neuron below <paramref name="neurons"/> or an input below <paramref name="inputs"/>.</summary>
    public static bool Fits(int step, int neurons, int inputs) =>
        step >= 0 ? step / 2 < neurons : (-step - 1) / 2 < inputs;

    /// <summary>The box and signs of the half the step takes (a neuron split: the same box, one more sign).</summary>
    public static (Box Box, sbyte[] Signs) Apply(int step, Box box, sbyte[] signs)
    {
        if (NeuronOf(step) is var (neuron, sign))
        {
            var child = (sbyte[])signs.Clone();
            child[neuron] = sign;
            return (box, child);
        }

        var i = (-step - 1) / 2;
        var mid = 0.5 * (box.Lo(i) + box.Hi(i));
        var lo = box.Lower.ToArray();
        var hi = box.Upper.ToArray();
        if ((-step - 1) % 2 == 1)
        {
            lo[i] = mid;
        }
        else
        {
            hi[i] = mid;
        }

        return (new Box(lo, hi), signs);
    }
}

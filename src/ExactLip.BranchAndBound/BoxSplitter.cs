using ExactLip.Core;
using ExactLip.Network;
using ExactLip.Network.Layers;

namespace ExactLip.BranchAndBound;

/// <summary>
/// Cuts an instance's box into parts to certify apart: the local constant over the box is the
/// largest of the constants over the parts, since the parts cover it.
/// Implementation note: the work of branch and bound grows with the neurons left unstable, so
/// the part with the most unstable neurons is bisected next, along the input coordinate (among
/// the few that weigh most on its unstable first-layer neurons, width times total weight) whose
/// halves leave the fewest unstable neurons in the worse half. A bisection at the double
/// mid = lo + (hi − lo)/2 gives [lo, mid] and [mid, hi]: they share the face at mid, and their
/// union is exactly [lo, hi], with no gap for rounding to open.
/// </summary>
public static class BoxSplitter
{
    /// <summary>Coordinates tried per cut: their halves' bounds are computed, and the best kept.</summary>
    private const int Candidates = 4;

    /// <summary>The parts (exactly <paramref name="parts"/> boxes, whose union is <paramref name="box"/>), with each part's unstable neurons.</summary>
    /// <param name="linear">Linear bound propagation (crown) rather than interval bounds, as the runs will use.</param>
    public static IReadOnlyList<(Box Box, int Unstable)> Split(NeuralNetwork network, Box box, LipschitzQuantity quantity, bool linear, int parts)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(box);
        ArgumentNullException.ThrowIfNull(quantity);
        if (parts < 1)
        {
            throw new ExactLipException($"--parts must be at least 1, but it is {parts}.");
        }

        var net = new PiecewiseLinearNetwork(network);
        var measured = new JacobianQuantity(quantity, net.Network.OutputSize);
        var cut = new List<(Box Box, DomainBounds Bounds)> { (box, Bound(net, box, linear, measured)) };
        while (cut.Count < parts)
        {
            var worst = 0;
            for (var k = 1; k < cut.Count; k++)
            {
                if (cut[k].Bounds.Free.Length > cut[worst].Bounds.Free.Length)
                {
                    worst = k;
                }
            }

            var (part, bounds) = cut[worst];
            (Box, DomainBounds, Box, DomainBounds)? best = null;
            foreach (var i in Coordinates(net, part, bounds))
            {
                var (low, high) = Bisect(part, i);
                var (lowBounds, highBounds) = (Bound(net, low, linear, measured), Bound(net, high, linear, measured));
                if (best is not { } b || Worse(b.Item2, b.Item4, lowBounds, highBounds))
                {
                    best = (low, lowBounds, high, highBounds);
                }
            }

            if (best is not { } chosen)
            {
                throw new ExactLipException($"The box cannot be cut into {parts} parts: its parts have no coordinate of positive width left to bisect.");
            }

            cut[worst] = (chosen.Item1, chosen.Item2);
            cut.Insert(worst + 1, (chosen.Item3, chosen.Item4));
        }

        return cut.Select(p => (p.Box, p.Bounds.Free.Length)).ToArray();
    }

    /// <summary>True when the halves (c, d) leave fewer unstable neurons than (a, b): in the worse half first, then in both.</summary>
    private static bool Worse(DomainBounds a, DomainBounds b, DomainBounds c, DomainBounds d)
    {
        var (ab, cd) = (Math.Max(a.Free.Length, b.Free.Length), Math.Max(c.Free.Length, d.Free.Length));
        return cd < ab || (cd == ab && c.Free.Length + d.Free.Length < a.Free.Length + b.Free.Length);
    }

    private static DomainBounds Bound(PiecewiseLinearNetwork net, Box box, bool linear, JacobianQuantity quantity) =>
        DomainBounds.Compute(net, box, new sbyte[net.Neurons], linear, quantity, BranchingRule.LayerOrder)
        ?? throw new InvalidOperationException("A box with no fixed signs cannot be empty.");

    private static (Box Low, Box High) Bisect(Box box, int i)
    {
        var mid = box.Lo(i) + (0.5 * (box.Hi(i) - box.Lo(i)));
        var lowHi = box.Upper.ToArray();
        lowHi[i] = mid;
        var highLo = box.Lower.ToArray();
        highLo[i] = mid;
        return (new Box(box.Lower.ToArray(), lowHi), new Box(highLo, box.Upper.ToArray()));
    }

    /// <summary>
    /// The coordinates worth trying: those whose bisection gives two halves of positive width,
    /// by width times the total weight of the unstable first-layer neurons on them (width alone
    /// when none is unstable there), the largest first.
    /// </summary>
    private static IEnumerable<int> Coordinates(PiecewiseLinearNetwork net, Box box, DomainBounds bounds)
    {
        var weight = new double[box.Dimension];
        var first = net.FirstReluLayer;
        if (first > 0 && net.Layers[first - 1] is LinearLayer linear)
        {
            foreach (var g in bounds.Free.Where(g => net.LayerOfNeuron[g] == first))
            {
                foreach (var (column, value) in linear.Matrix.Row(g - net.Offsets[first]))
                {
                    weight[column] += Math.Abs(value);
                }
            }
        }

        var anyWeight = weight.Any(w => w > 0);
        return Enumerable.Range(0, box.Dimension)
            .Where(i =>
            {
                var mid = box.Lo(i) + (0.5 * (box.Hi(i) - box.Lo(i)));
                return box.Lo(i) < mid && mid < box.Hi(i);
            })
            .OrderByDescending(i => box.Width(i) * (anyWeight ? weight[i] : 1))
            .ThenBy(i => i)
            .Take(Candidates);
    }
}

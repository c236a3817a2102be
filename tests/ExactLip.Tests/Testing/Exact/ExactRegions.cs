using ExactLip.Core;

namespace ExactLip.Tests.Exact;

/// <summary>A box with exact rational corners (a <see cref="Box"/>'s doubles, converted without error).</summary>
public sealed record ExactBox(Rational[] Lo, Rational[] Hi)
{
    public static ExactBox From(Box box) => new(
        Enumerable.Range(0, box.Dimension).Select(i => Rational.FromDouble(box.Lo(i))).ToArray(),
        Enumerable.Range(0, box.Dimension).Select(i => Rational.FromDouble(box.Hi(i))).ToArray());

    public int Dimension => Lo.Length;

    public bool Contains(Rational[] x) => x.Length == Dimension && x.Select((v, i) => Lo[i] <= v && v <= Hi[i]).All(inside => inside);
}

/// <summary>One activation region with interior in the box: its pattern and its exact Jacobian.</summary>
public sealed record ExactRegion(string Pattern, Rational[][] Jacobian);

/// <summary>
/// Every activation region of a network that has interior inside a box, found depth-first over
/// the neurons; a prefix of the pattern whose region has no interior is pruned. Interior is
/// decided exactly: max δ over {x in box, active pre-activations ≥ δ, inactive ≤ −δ} is &gt; 0,
/// by <see cref="RationalSimplex"/>. A pre-activation that is constant on the region needs no
/// LP: its sign is known, and when it is 0 both choices give the same map (the neuron outputs 0
/// and passes no gradient), so it is taken as inactive.
/// </summary>
public static class ExactRegions
{
    public static List<ExactRegion> Enumerate(ExactNetwork network, ExactBox box)
    {
        var regions = new List<ExactRegion>();
        Explore(network, box, 0, network.Identity(), new List<(Rational[] A, Rational D)>(), new List<string>(), regions);
        return regions;
    }

    /// <summary>True when {x in box : every row·x + D ≥ δ} is nonempty for some δ &gt; 0.</summary>
    public static bool HasInterior(ExactBox box, IReadOnlyList<(Rational[] A, Rational D)> constraints)
    {
        // Variables y = x − lo ≥ 0 and δ ≥ 0: y ≤ hi − lo, δ ≤ 1 (keeps the LP bounded),
        // and row·(y + lo) + D ≥ δ  ⇔  −row·y + δ ≤ row·lo + D.
        var n = box.Dimension;
        var rows = new List<Rational[]>();
        var rhs = new List<Rational>();
        for (var i = 0; i < n; i++)
        {
            var r = new Rational[n + 1];
            r[i] = Rational.One;
            rows.Add(r);
            rhs.Add(box.Hi[i] - box.Lo[i]);
        }

        var cap = new Rational[n + 1];
        cap[n] = Rational.One;
        rows.Add(cap);
        rhs.Add(Rational.One);
        foreach (var (a, d) in constraints)
        {
            var r = new Rational[n + 1];
            var shift = d;
            for (var i = 0; i < n; i++)
            {
                r[i] = -a[i];
                shift += a[i] * box.Lo[i];
            }

            r[n] = Rational.One;
            rows.Add(r);
            rhs.Add(shift);
        }

        var objective = new Rational[n + 1];
        objective[n] = Rational.One;
        var (outcome, value) = RationalSimplex.Maximize(objective, rows.ToArray(), rhs.ToArray());
        return outcome == LpOutcome.Optimal && value.Sign > 0;
    }

    private static void Explore(ExactNetwork network, ExactBox box, int step, AffineForm form, List<(Rational[] A, Rational D)> constraints, List<string> pattern, List<ExactRegion> regions)
    {
        if (step == network.Steps.Count)
        {
            regions.Add(new ExactRegion(string.Join("|", pattern), form.Slopes));
            return;
        }

        var current = network.Steps[step];
        if (!current.IsRelu)
        {
            Explore(network, box, step + 1, form.Then(current), constraints, pattern, regions);
            return;
        }

        Branch(network, box, step, form, 0, new bool[current.Size], constraints, pattern, regions);
    }

    private static void Branch(ExactNetwork network, ExactBox box, int step, AffineForm form, int neuron, bool[] active, List<(Rational[] A, Rational D)> constraints, List<string> pattern, List<ExactRegion> regions)
    {
        if (neuron == active.Length)
        {
            pattern.Add(new string(active.Select(a => a ? '1' : '0').ToArray()));
            Explore(network, box, step + 1, form.Masked(active, network.Steps[step].NegativeSlope), constraints, pattern, regions);
            pattern.RemoveAt(pattern.Count - 1);
            return;
        }

        if (form.IsConstant(neuron))
        {
            active[neuron] = form.Offsets[neuron].Sign > 0;
            Branch(network, box, step, form, neuron + 1, active, constraints, pattern, regions);
            return;
        }

        foreach (var on in new[] { true, false })
        {
            // Active: a·x + d ≥ δ; inactive: −(a·x + d) ≥ δ.
            var sign = on ? Rational.One : -Rational.One;
            constraints.Add((form.Slopes[neuron].Select(v => sign * v).ToArray(), sign * form.Offsets[neuron]));
            if (HasInterior(box, constraints))
            {
                active[neuron] = on;
                Branch(network, box, step, form, neuron + 1, active, constraints, pattern, regions);
            }

            constraints.RemoveAt(constraints.Count - 1);
        }
    }
}

using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Mip;
using ExactLip.Mip.Solving;
using ExactLip.Network.Layers;

namespace ExactLip.BranchAndBound;

/// <summary>What the feasibility LP of a sub-domain found.</summary>
internal enum RegionVerdict
{
    /// <summary>A point where every fixed neuron has its sign with a positive margin.</summary>
    Interior,

    /// <summary>No such point: the sub-domain has no interior (at most a measure-zero set).</summary>
    Empty,

    /// <summary>The LP was not solved (stopped, or the back end failed): neither of the above is known.</summary>
    Unknown,
}

/// <summary>
/// Decides whether a sub-domain has interior points, and finds one: the LP max δ over x in the
/// box subject to every fixed neuron's pre-activation being ≥ δ (active) or ≤ −δ (inactive),
/// with the free neurons of earlier layers replaced by their triangle relaxation.
/// Implementation note: the relaxation contains the sub-domain, so a relaxed margin below
/// <see cref="RegionCheck.MinimumMargin"/> proves the sub-domain has no interior and may be
/// dropped: a pattern met only on a measure-zero set is not a gradient of the network anywhere
/// (relu(x) − relu(−x) on [−1, 1] has the pattern "both active" only at x = 0, with slope 2,
/// while the constant is 1). Once every neuron of the sub-domain is fixed or stable, the
/// relaxation is exact and the LP's point lies in the pattern's region with the margin.
/// Layers after the last one with a fixed neuron constrain nothing and are left out.
/// </summary>
internal static class RegionLp
{

    public static (RegionVerdict Verdict, double[]? X) Solve(
        PiecewiseLinearNetwork net,
        DomainBounds bounds,
        sbyte[] signs,
        IMipSolver solver,
        TimeSpan? timeLimit,
        CancellationToken cancel)
    {
        var model = Build(net, bounds, signs, out var inputs);
        SolveOutcome outcome;
        try
        {
            outcome = solver.Solve(model, new SolveOptions(timeLimit, 1e-9, 1), null, cancel);
        }
        catch (SolverFailedException)
        {
            return (RegionVerdict.Unknown, null);
        }

        switch (outcome.Status)
        {
            case SolveStatus.Infeasible:
                return (RegionVerdict.Empty, null);
            case SolveStatus.Optimal when outcome.Solution is { } point && outcome.Primal is { } delta:
                if (delta < RegionCheck.MinimumMargin)
                {
                    return (RegionVerdict.Empty, null);
                }

                var x = inputs.Select(v => point[v.Index]).ToArray();
                bounds.Activations[0].Clamp(x);
                return (RegionVerdict.Interior, x);
            default:
                return (RegionVerdict.Unknown, null);
        }
    }

    private static MipModel Build(PiecewiseLinearNetwork net, DomainBounds bounds, sbyte[] signs, out Var[] inputs)
    {
        var layers = net.Layers;
        var acts = bounds.Activations;
        var last = LastFixedLayer(net, signs);
        var model = new MipModelBuilder("region");
        var margin = model.AddVariable("margin", 0, 1);
        model.SetObjective(margin, 1);
        inputs = new Var[acts[0].Dimension];
        for (var i = 0; i < inputs.Length; i++)
        {
            inputs[i] = model.AddVariable($"x/{i}", acts[0].Lo(i), acts[0].Hi(i));
        }

        // null stands for a value that is identically zero (an inactive neuron's output).
        var current = inputs.Select(v => (Var?)v).ToArray();
        for (var k = 0; k <= last; k++)
        {
            switch (layers[k])
            {
                case LinearLayer linear:
                    var output = new Var?[linear.OutputSize];
                    for (var i = 0; i < output.Length; i++)
                    {
                        // Free: the bounds are implied, and GLPK's presolver was measured to call
                        // a feasible region LP infeasible when they were given (docs/branch-and-bound.md).
                        var z = model.AddVariable($"z/{k}/{i}", double.NegativeInfinity, double.PositiveInfinity);
                        var terms = new List<Term> { new(z, 1) };
                        foreach (var (column, value) in linear.Matrix.Row(i))
                        {
                            if (current[column] is { } h)
                            {
                                terms.Add(new Term(h, -value));
                            }
                        }

                        model.AddEquality($"fwd/{k}/{i}", terms, linear.Bias[i]);
                        output[i] = z;
                    }

                    current = output;
                    break;
                default:
                    current = Relu(model, current, acts[k], signs, net.Offsets[k], k, margin);
                    break;
            }
        }

        return model.Build();
    }

    private static Var?[] Relu(MipModelBuilder model, Var?[] pre, Box bounds, sbyte[] signs, int offset, int k, Var margin)
    {
        var output = new Var?[pre.Length];
        for (var i = 0; i < pre.Length; i++)
        {
            double l = bounds.Lo(i), u = bounds.Hi(i);
            var sign = signs[offset + i];
            if (pre[i] is not { } z)
            {
                // A pre-activation that is identically zero cannot take a strict sign.
                if (sign != 0)
                {
                    model.AddGreaterOrEqual($"sign/{k}/{i}", new[] { new Term(margin, -1) }, 0);
                }

                continue;
            }

            if (sign == 1)
            {
                model.AddGreaterOrEqual($"sign/{k}/{i}", new[] { new Term(z, 1), new Term(margin, -1) }, 0);
                output[i] = z;
            }
            else if (sign == -1)
            {
                model.AddLessOrEqual($"sign/{k}/{i}", new[] { new Term(z, 1), new Term(margin, 1) }, 0);
            }
            else if (l >= 0)
            {
                output[i] = z;
            }
            else if (u > 0)
            {
                // The triangle: h ≥ 0, h ≥ z, h ≤ u(z − l)/(u − l).
                var h = model.AddVariable($"h/{k}/{i}", 0, u);
                var slope = u / (u - l);
                model.AddGreaterOrEqual($"h>=z/{k}/{i}", new[] { new Term(h, 1), new Term(z, -1) }, 0);
                model.AddLessOrEqual($"h<=tri/{k}/{i}", new[] { new Term(h, 1), new Term(z, -slope) }, -slope * l);
                output[i] = h;
            }
        }

        return output;
    }

    private static int LastFixedLayer(PiecewiseLinearNetwork net, sbyte[] signs)
    {
        for (var g = signs.Length - 1; g >= 0; g--)
        {
            if (signs[g] != 0)
            {
                return net.LayerOfNeuron[g];
            }
        }

        return -1;
    }
}

using ExactLip.Core;
using ExactLip.Mip;
using ExactLip.Mip.Solving;
using ExactLip.Network.Layers;

namespace ExactLip.Certify;

/// <summary>
/// Decides whether an activation pattern is met by an interior point of the box, and finds
/// one: the LP max δ subject to the pattern's affine pre-activations being ≥ δ (active) or
/// ≤ −δ (inactive), over the box.
/// Implementation note: the MIP ranges over every backprop output with ReLU′(0) ∈ {0, 1}, so its
/// optimum may belong to a pattern that holds only on a measure-zero set (docs/certify.md: for
/// relu(x) − relu(−x) on [−1, 1] the MIP finds 2 at x = 0 while the true constant is 1). Such a
/// pattern's gradient is not a gradient of the network anywhere, so it can be excluded; a
/// pattern with δ &gt; 0 is realised on an open set, where the plain evaluator reproduces the
/// MIP's value exactly.
/// </summary>
public static class RegionCheck
{
    /// <summary>
    /// Margins below this are treated as zero (no interior): well above an LP solver's
    /// feasibility tolerance (about 1e-9), which would otherwise report a tiny positive margin
    /// for a region that is only a point.
    /// </summary>
    public const double MinimumMargin = 1e-7;

    /// <returns>A point strictly inside the pattern's region, or null when it has no interior in the box.</returns>
    public static double[]? InteriorPoint(
        Network.Network network,
        Box box,
        IReadOnlyList<bool[]?> pattern,
        IMipSolver solver,
        TimeSpan? timeLimit,
        CancellationToken cancellationToken)
    {
        if (network.Layers.Any(l => !l.IsLinear && l is not ReluLayer))
        {
            return null;
        }

        var model = new MipModelBuilder("region");
        var margin = model.AddVariable("margin", 0, 1);
        model.SetObjective(margin, 1);
        var inputs = new Var[network.InputSize];
        for (var i = 0; i < inputs.Length; i++)
        {
            inputs[i] = model.AddVariable($"input/{i}/x", box.Lo(i), box.Hi(i));
        }

        var current = inputs;
        for (var k = 0; k < network.Layers.Count; k++)
        {
            var layer = network.Layers[k];
            var next = new Var[layer.OutputSize];
            if (layer is LinearLayer linear)
            {
                for (var i = 0; i < next.Length; i++)
                {
                    next[i] = model.AddVariable($"{k}/{i}/z", double.NegativeInfinity, double.PositiveInfinity);
                    var terms = new List<Term> { new(next[i], 1) };
                    terms.AddRange(linear.Matrix.Row(i).Select(e => new Term(current[e.Column], -e.Value)));
                    model.AddEquality($"{k}/{i}/fwd", terms, linear.Bias[i]);
                }
            }
            else
            {
                var active = pattern[k] ?? throw new InvalidOperationException($"Layer {k} has no activation pattern.");
                for (var i = 0; i < next.Length; i++)
                {
                    if (active[i])
                    {
                        // z ≥ δ, and the output is z itself.
                        model.AddGreaterOrEqual($"{k}/{i}/on", new[] { new Term(current[i], 1), new Term(margin, -1) }, 0);
                        next[i] = current[i];
                    }
                    else
                    {
                        model.AddLessOrEqual($"{k}/{i}/off", new[] { new Term(current[i], 1), new Term(margin, 1) }, 0);
                        next[i] = model.AddConstant($"{k}/{i}/h", 0);
                    }
                }
            }

            current = next;
        }

        var outcome = solver.Solve(model.Build(), new SolveOptions(timeLimit, 1e-9, 1), null, cancellationToken);
        if (outcome.Solution is not { } solution || outcome.Primal is not { } delta || delta < MinimumMargin)
        {
            return null;
        }

        var x = new double[network.InputSize];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = solution[inputs[i].Index];
        }

        box.Clamp(x);
        return x;
    }
}

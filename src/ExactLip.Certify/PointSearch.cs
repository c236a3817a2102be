using ExactLip.Core;
using ExactLip.Encoding;
using ExactLip.Network;

namespace ExactLip.Certify;

/// <summary>A point of the box, the output weights used there, and the value attained.</summary>
public sealed record PointValue(double[] X, double[] C, double Value)
{
    /// <summary>The activation region X is proven to lie in; empty when the value is not from a proven point.</summary>
    public IReadOnlyList<string> Pattern { get; init; } = Array.Empty<string>();

    /// <summary>The plain float64 value at the point the search compared (the value before its proof).</summary>
    public double PlainValue { get; init; } = double.NegativeInfinity;

    /// <summary>True when X passed <see cref="WitnessProof"/>; false for the value 0 a point stands at when none near it was proven.</summary>
    public bool Proven { get; init; }
}

/// <summary>
/// The lower-bound search both engines run before their search proper: the box's centre, uniform
/// samples of the box (a third on its faces), then a local search on the value itself.
/// Implementation note: the gradient norm of a ReLU network is piecewise constant, so gradient
/// ascent on it stalls (its gradient is zero almost everywhere). The local search therefore
/// moves coordinates to random points of shrinking neighbourhoods and to the box faces and
/// keeps strict improvements. Candidates are screened by their plain float64 value
/// (<see cref="LipschitzQuantity.ValueAt"/>), and only one that could raise the bound pays for a
/// proof: every value the search compares and reports has passed <see cref="WitnessProof"/> (a
/// point proven inside a region, or moved into one off a kink), so it is a certified lower bound.
/// The MIP path runs it once per sub-problem (and seeds the MIP with it), branch and bound once
/// for the whole quantity.
/// </summary>
public static class PointSearch
{
    /// <summary>
    /// The search for the whole quantity of a run, with its settings (samples, local steps, seed):
    /// run once for two engines racing on the run's request (<see cref="BoundExchange.Start"/>),
    /// else run here.
    /// </summary>
    public static PointValue Start(RunContext run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var o = run.Options;
        PointValue Search() => Run(run.Network, run.Box, run.Quantity, o.Samples, o.LocalSteps, o.Seed, run.Cancellation);
        return o.Link is { } link ? link.Exchange.Start.Get(o.Samples, o.LocalSteps, o.Seed, Search) : Search();
    }

    /// <summary>
    /// The search for sub-problem <paramref name="index"/> of the MIP path (seed: the run's plus
    /// the index). A quantity with one sub-problem (c fixed, or ℓ1 output) is that sub-problem:
    /// its value at every point is the quantity's, so its search is the whole quantity's, step for
    /// step, and is the one <see cref="Start(RunContext)"/> shares.
    /// </summary>
    public static PointValue Start(RunContext run, IReadOnlyList<OutputWeights> subproblems, int index)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(subproblems);
        if (subproblems.Count == 1)
        {
            return Start(run);
        }

        var o = run.Options;
        return Run(run.Network, run.Box, run.Quantity, subproblems[index], o.Samples, o.LocalSteps, o.Seed + index, run.Cancellation);
    }

    /// <summary>The search for the whole quantity (branch and bound).</summary>
    public static PointValue Run(NeuralNetwork network, Box box, LipschitzQuantity quantity, int samples, int localSteps, int seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(quantity);
        return Run(new Scorer(network, box, quantity, x => quantity.ValueAt(network, x)), samples, localSteps, seed, cancellationToken);
    }

    /// <summary>The search for one sub-problem of the MIP path (its output weights).</summary>
    public static PointValue Run(NeuralNetwork network, Box box, LipschitzQuantity quantity, OutputWeights weights, int samples, int localSteps, int seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(quantity);
        return Run(new Scorer(network, box, quantity, x => quantity.ValueAt(network, x, weights)), samples, localSteps, seed, cancellationToken);
    }

    /// <summary>
    /// The proven value at x for one sub-problem (or, off a kink, at a nearby point of the box,
    /// which the result names); value 0 at x when no nearby point could be proven interior.
    /// </summary>
    public static PointValue Evaluate(NeuralNetwork network, Box box, LipschitzQuantity quantity, OutputWeights weights, double[] x)
    {
        ArgumentNullException.ThrowIfNull(quantity);
        return new Scorer(network, box, quantity, y => quantity.ValueAt(network, y, weights)).Evaluate(x);
    }

    /// <summary>
    /// The proven value at x of the whole quantity when its plain value beats
    /// <paramref name="heldPlain"/> (the plain value at the witness already held); null when it
    /// does not or when no point near x could be proven.
    /// </summary>
    public static PointValue? ProveIfBetter(NeuralNetwork network, Box box, LipschitzQuantity quantity, double[] x, double heldPlain)
    {
        ArgumentNullException.ThrowIfNull(quantity);
        return new Scorer(network, box, quantity, y => quantity.ValueAt(network, y)).Improves(x, heldPlain);
    }

    private static PointValue Run(Scorer scorer, int samples, int localSteps, int seed, CancellationToken cancellationToken)
    {
        var box = scorer.Box;
        var rng = new Random(seed);
        var best = scorer.Evaluate(box.Center());
        for (var s = 0; s < samples && !cancellationToken.IsCancellationRequested; s++)
        {
            var x = new double[box.Dimension];
            for (var i = 0; i < x.Length; i++)
            {
                // A third of the samples sit on faces: maxima of piecewise linear maps are often there.
                x[i] = (s % 3) switch
                {
                    0 => rng.Next(2) == 0 ? box.Lo(i) : box.Hi(i),
                    _ => box.Lo(i) + (rng.NextDouble() * box.Width(i)),
                };
            }

            if (scorer.Improves(x, best.PlainValue) is { } better && better.Value > best.Value)
            {
                best = better;
            }
        }

        return LocalSearch(scorer, best, localSteps, rng, cancellationToken);
    }

    private static PointValue LocalSearch(Scorer scorer, PointValue start, int steps, Random rng, CancellationToken cancellationToken)
    {
        var box = scorer.Box;
        var best = start;
        var radius = 0.25;
        var n = box.Dimension;
        for (var step = 0; step < steps && !cancellationToken.IsCancellationRequested && n > 0; step++)
        {
            var x = (double[])best.X.Clone();
            if (step % 4 == 0)
            {
                // Move one coordinate to a face.
                var i = rng.Next(n);
                x[i] = rng.Next(2) == 0 ? box.Lo(i) : box.Hi(i);
            }
            else
            {
                var moved = Math.Max(1, n / 4);
                for (var k = 0; k < moved; k++)
                {
                    var i = rng.Next(n);
                    x[i] += (rng.NextDouble() * 2 - 1) * radius * box.Width(i);
                }

                box.Clamp(x);
            }

            if (scorer.Improves(x, best.PlainValue) is { } better && better.Value > best.Value)
            {
                best = better;
            }
            else if (step % 20 == 19)
            {
                radius = Math.Max(radius * 0.7, 1e-4);
            }
        }

        return best;
    }

    /// <summary>Plain values and their proofs for one quantity (or sub-problem) over one box.</summary>
    private sealed class Scorer
    {
        private readonly NeuralNetwork _network;
        private readonly LipschitzQuantity _quantity;
        private readonly Func<double[], (double Value, double[] C)> _plain;

        public Scorer(NeuralNetwork network, Box box, LipschitzQuantity quantity, Func<double[], (double Value, double[] C)> plain)
        {
            _network = network;
            Box = box;
            _quantity = quantity;
            _plain = plain;
        }

        public Box Box { get; }

        /// <summary>The proven value at x, or off a kink at a nearby point; value 0 at x when none is proven.</summary>
        public PointValue Evaluate(double[] x, double[]? weightsAtX = null) =>
            Prove(x, weightsAtX) ?? new PointValue(x, weightsAtX ?? _plain(x).C, 0);

        /// <summary>
        /// The proven value at x (or off a kink at a nearby point) when the plain value at x beats
        /// <paramref name="heldPlain"/>, else null: only candidates that could raise the bound pay
        /// for a proof. Null too when no point near x is proven.
        /// </summary>
        public PointValue? Improves(double[] x, double heldPlain)
        {
            // Compared in plain values: a point of the held point's region has its plain value, a
            // few ulps above the proven one, and proving it again would gain nothing.
            var (plain, c) = _plain(x);
            if (plain <= heldPlain || Prove(x, c) is not { } proven)
            {
                return null;
            }

            // A point moved off a kink has its own plain value, unknown here: screen by the proven one.
            return proven with { PlainValue = proven.X.AsSpan().SequenceEqual(x) ? plain : proven.Value };
        }

        private PointValue? Prove(double[] x, double[]? weightsAtX) =>
            WitnessProof.Near(_network, _quantity, Box, x, y => _plain(y).C, weightsAtX) is { } proven
                ? new PointValue(proven.X, proven.C, proven.Value) { Pattern = proven.Pattern, Proven = true }
                : null;
    }
}

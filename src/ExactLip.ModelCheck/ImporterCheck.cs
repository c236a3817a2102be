using ExactLip.Network;

namespace ExactLip.ModelCheck;

/// <summary>
/// Compares the imported network (ExactLip's float64 evaluator) with a reference evaluator
/// (ONNX Runtime) at given points: outputs, and finite-difference directional derivatives.
/// Implementation note, the thresholds. ONNX Runtime computes a float32 model in float32 (unit
/// roundoff u = 2⁻²⁴ ≈ 6e-8), ExactLip in float64 with the float32 weights read exactly, and both
/// get the same float32-rounded points; so the difference is ONNX Runtime's rounding alone. It
/// grows with depth and width and with cancellation in the hidden sums, which makes it relative
/// to the size of the values computed rather than to each output: on the shipped models (up to
/// 3072 inputs, 9 hidden layers) it stays below 1e-5 of the largest output magnitude seen
/// (docs/check-model.md has the figures). The threshold, <see cref="Float32Tolerance"/> = 1e-4 of
/// that output scale, leaves at least ten times that margin, while a misread operator (a
/// transposed weight, a lost bias, a wrong normalisation, padding or layout) moves outputs by a
/// sizeable fraction of the scale. Float64 models are held to <see cref="Float64Tolerance"/>.
/// Derivatives: a difference quotient over the step s of two values each within τ of the other
/// evaluator's is within τ/s, so the derivative threshold is the output threshold divided by the
/// step; no other slack is needed, since both evaluators see the same points, and a ReLU kink
/// between them bends both alike.
/// </summary>
public static class ImporterCheck
{
    public const double Float32Tolerance = 1e-4;

    public const double Float64Tolerance = 1e-9;

    /// <summary>
    /// The step of the directional differences, as a fraction of the box's half-widths: the
    /// direction is a random sign vector scaled by the half-widths, so x ± s·d stays within a
    /// quarter of the box around x and every input of nonzero width moves. A small step would
    /// only magnify float32 rounding (the error is τ/s) without making the comparison more
    /// faithful, since kinks crossed affect both evaluators alike; the quotient is a secant
    /// slope of the piecewise-linear network, exact wherever no kink lies between the points.
    /// </summary>
    public const double Step = 0.25;

    /// <param name="network">ExactLip's imported network.</param>
    /// <param name="reference">The independent evaluator (ONNX Runtime): the model's output at a point.</param>
    /// <param name="round">How the reference's input type holds a point (float32 rounding); both evaluators get the rounded point.</param>
    /// <param name="tolerance">The relative threshold, <see cref="Float32Tolerance"/> or <see cref="Float64Tolerance"/>.</param>
    /// <param name="points">Where to compare.</param>
    /// <param name="halfWidths">The box's half-widths (directions are scaled by them); null for no derivatives.</param>
    /// <param name="seed">Seeds the directions.</param>
    public static ImporterCheckResult Compare(
        NeuralNetwork network,
        Func<double[], double[]> reference,
        Func<double[], double[]> round,
        double tolerance,
        IReadOnlyList<double[]> points,
        double[]? halfWidths,
        int seed)
    {
        var outputs = new Differences();
        var derivatives = new Differences();
        var random = new Random(seed);
        var ours = new List<double[]>();
        var theirs = new List<double[]>();
        for (var p = 0; p < points.Count; p++)
        {
            var x = round(points[p]);
            ours.Add(network.Forward(x));
            theirs.Add(Reference(reference, x, network.OutputSize));
            outputs.Add(ours[^1], theirs[^1], p);
        }

        var derivativeCount = 0;
        if (halfWidths is not null && halfWidths.Any(h => h > 0))
        {
            for (var p = 0; p < points.Count; p++)
            {
                var d = halfWidths.Select(h => random.Next(2) == 1 ? h : -h).ToArray();
                var plus = round(points[p].Select((v, i) => v + (Step * d[i])).ToArray());
                var minus = round(points[p].Select((v, i) => v - (Step * d[i])).ToArray());
                var (oursPlus, oursMinus) = (network.Forward(plus), network.Forward(minus));
                var (theirsPlus, theirsMinus) = (Reference(reference, plus, network.OutputSize), Reference(reference, minus, network.OutputSize));
                // The shifted points are points of the model too: their outputs are compared as well.
                outputs.Add(oursPlus, theirsPlus, p);
                outputs.Add(oursMinus, theirsMinus, p);
                derivatives.Add(Quotient(oursPlus, oursMinus), Quotient(theirsPlus, theirsMinus), p);
                derivativeCount++;
            }
        }

        var outputScale = outputs.Scale;
        var outputThreshold = tolerance * outputScale;
        return new ImporterCheckResult(
            Points: points.Count,
            OnnxRuntimeOutputs: theirs,
            Tolerance: tolerance,
            Outputs: new DifferenceSummary(outputs.MaxAbs, outputScale, outputThreshold, outputs.Worst),
            Derivatives: derivativeCount == 0 ? null : new DifferenceSummary(derivatives.MaxAbs, derivatives.Scale, outputThreshold / Step, derivatives.Worst),
            Directions: derivativeCount);
    }

    private static double[] Reference(Func<double[], double[]> reference, double[] x, int outputs)
    {
        var y = reference(x);
        if (y.Length != outputs)
        {
            throw new Core.ExactLipException($"ONNX Runtime gives {y.Length} outputs where ExactLip's import gives {outputs}, so the import does not compute the model's output; this is a bug in the importer, please report it with the model.");
        }

        return y;
    }

    /// <summary>(f(x + s·d) − f(x − s·d)) / 2s: the slope along d, per unit of d.</summary>
    private static double[] Quotient(double[] plus, double[] minus) => plus.Select((v, i) => (v - minus[i]) / (2 * Step)).ToArray();

    /// <summary>The largest difference and the largest magnitude seen (either evaluator's).</summary>
    private sealed class Differences
    {
        public double MaxAbs { get; private set; }

        public double Scale { get; private set; }

        public int Worst { get; private set; } = -1;

        public void Add(double[] ours, double[] theirs, int point)
        {
            for (var i = 0; i < ours.Length; i++)
            {
                var diff = Math.Abs(ours[i] - theirs[i]);
                // NaN (ONNX Runtime overflowing float32, say) counts as a disagreement.
                if (double.IsNaN(diff) || diff > MaxAbs)
                {
                    MaxAbs = double.IsNaN(diff) ? double.PositiveInfinity : diff;
                    Worst = point;
                }

                Scale = Math.Max(Scale, Math.Max(Math.Abs(ours[i]), Math.Abs(theirs[i])));
            }
        }
    }
}

using ExactLip.Bounds;
using ExactLip.Core;
using ExactLip.Encoding;
using ExactLip.Import;
using ExactLip.Mip;
using ExactLip.Network;
using ExactLip.Network.Layers;
using ExactLip.Tests.Bounds;
using ExactLip.Tests.Import;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Encoding;

/// <summary>
/// The starting point the encoder fills must satisfy the model it seeds, or the back end drops
/// it. On a lowered graph a ReLU output carried past a later ReLU is a stable-active neuron
/// whose output and gradient variables are its input's; where that output is 0 the evaluator's
/// ReLU′(0) = 0 stops the gradient the encoding passes. Each row is checked against the
/// rounding its own float64 terms can cause, not a fixed margin.
/// </summary>
public class StartOnGraphsTests
{
    [Theory]
    [InlineData(0.5, new[] { 1.0, -1.0 })]
    [InlineData(0.5, new[] { 0.0, 1.0 })]
    [InlineData(0.2, new[] { 1.0, 0.0 })]
    public void StartFrom_OnTheResidualMlp_SatisfiesEveryRow_AndMeasuresTheGraphsGradient(double radius, double[] c)
    {
        var net = ModelLoader.Load(Fixtures.Existing("fixtures/models/residual_mlp.onnx"));
        var box = Box.Ball(new[] { 0.1, -0.2, 0.3 }, radius);
        var weights = OutputWeights.Vector(c);
        var mip = LipMipEncoder.Encode(BoundPropagation.Compute(net, box, weights.Bounds(), BoundsMethod.Crown), weights, Norm.Linf);
        var rng = new Random(17);
        var carriedZeros = 0;
        for (var s = 0; s < 200; s++)
        {
            var x = BoundPropagationTests.SamplePoint(rng, box);
            var values = mip.StartFrom(x, c);
            Violations(mip.Model, values).Should().BeEmpty($"the start at sample {s} must satisfy the model");

            // The carried zeros change which variables hold what, not the input gradient.
            mip.Model.Evaluate(values).Should().BeApproximately(Norm.L1.Of(net.Gradient(x, c)), 1e-12);
            carriedZeros += CarriedZeros(mip, values);
        }

        carriedZeros.Should().BePositive("the samples must reach stable-active neurons at 0, the case under test");
    }

    /// <summary>
    /// y = relu(x) − relu(−x) on [−1, 1]: the two neurons are mirrored, so their binaries are tied
    /// (a + a′ = 1). At x = 0 both pre-activations are 0 and neither is "on" by its sign; the start
    /// must still switch exactly one on, and pass the gradient that one states (1).
    /// </summary>
    [Fact]
    public void StartFrom_AtTheKinkOfAMirroredPair_SwitchesOneOn()
    {
        var net = new NeuralNetwork("mirrored", new Layer[]
        {
            AffineLayer.Dense(1, 2, new[] { 1.0, -1.0 }, new[] { 0.0, 0.0 }),
            new ReluLayer(Shape.Vector(2)),
            AffineLayer.Dense(2, 1, new[] { 1.0, -1.0 }, new[] { 0.0 }),
        });
        var box = new Box(new[] { -1.0 }, new[] { 1.0 });
        var weights = OutputWeights.Vector(new[] { 1.0 });
        var mip = LipMipEncoder.Encode(BoundPropagation.Compute(net, box, weights.Bounds(), BoundsMethod.Crown), weights, Norm.Linf);
        mip.UnstableNeurons.Should().Be(2);

        var values = mip.StartFrom(new[] { 0.0 }, new[] { 1.0 });

        Violations(mip.Model, values).Should().BeEmpty();
        mip.Model.Evaluate(values).Should().Be(1);
    }

    /// <summary>
    /// Every row and bound the values break by more than its float64 terms can explain: a row
    /// computed by the evaluator differs from the exact sum of its terms by at most γₙ·Σ|aⱼvⱼ|
    /// (n terms), and the right-hand side's rounding by a few ulps of it.
    /// </summary>
    private static List<string> Violations(MipModel model, double[] values)
    {
        var broken = new List<string>();
        for (var j = 0; j < model.Variables.Count; j++)
        {
            var v = model.Variables[j];
            var slack = 4 * double.Epsilon + (4 * RoundingUnit * Math.Abs(values[j]));
            if (values[j] < v.Lower - slack || values[j] > v.Upper + slack || (v.IsInteger && values[j] != Math.Round(values[j])))
            {
                broken.Add($"{v.Name} = {values[j]:R} outside [{v.Lower:R}, {v.Upper:R}]");
            }
        }

        foreach (var row in model.Rows)
        {
            double activity = 0, size = 0;
            for (var k = 0; k < row.Columns.Length; k++)
            {
                activity += row.Coefficients[k] * values[row.Columns[k]];
                size += Math.Abs(row.Coefficients[k] * values[row.Columns[k]]);
            }

            var bound = Math.Max(double.IsFinite(row.Lower) ? Math.Abs(row.Lower) : 0, double.IsFinite(row.Upper) ? Math.Abs(row.Upper) : 0);
            var slack = (4 * (row.Columns.Length + 2) * RoundingUnit * (size + bound)) + (8 * double.Epsilon);
            if (activity < row.Lower - slack || activity > row.Upper + slack)
            {
                broken.Add($"{row.Name}: {activity:R} outside [{row.Lower:R}, {row.Upper:R}] by more than {slack:G3}");
            }
        }

        return broken;
    }

    private const double RoundingUnit = 1.1102230246251565e-16;

    /// <summary>How many stable-active ReLU neurons (no binary, output variable = input variable) sit at exactly 0.</summary>
    private static int CarriedZeros(LipschitzMip mip, double[] values)
    {
        var count = 0;
        for (var k = 0; k < mip.Layers.Count; k++)
        {
            if (mip.Bounds.Network.Layers[k] is not ReluLayer)
            {
                continue;
            }

            for (var i = 0; i < mip.ForwardVars[k].Count; i++)
            {
                var input = mip.ForwardVars[k][i];
                if (mip.Layers[k].Binary(i) is null && mip.ForwardVars[k + 1][i] == input && values[input.Index] == 0 && mip.Model.Variables[input.Index].Lower != mip.Model.Variables[input.Index].Upper)
                {
                    count++;
                }
            }
        }

        return count;
    }
}

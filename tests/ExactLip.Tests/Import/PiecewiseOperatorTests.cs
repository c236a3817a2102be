using ExactLip.Bounds;
using ExactLip.Core;
using ExactLip.Network.Layers;
using ExactLip.Tests.Bounds;
using FluentAssertions;
using Xunit;
using static ExactLip.Tests.Import.OnnxBuilder;

namespace ExactLip.Tests.Import;

/// <summary>
/// LeakyRelu (one ReLU layer with a negative slope, or mirrored ReLUs for α ≥ 1), HardSigmoid,
/// Clip, Max and Min, imported as exact chains through ReLUs, against their own
/// formulas and derivatives (<see cref="PiecewiseOperators"/>): forward pass, backward pass,
/// and the interval and linear (CROWN) bounds of both passes over sampled points.
/// </summary>
public class PiecewiseOperatorTests
{
    public static TheoryData<string> Names => new(PiecewiseOperators.Cases.Keys);

    public static TheoryData<string, BoundsMethod> NamesAndMethods()
    {
        var data = new TheoryData<string, BoundsMethod>();
        foreach (var name in PiecewiseOperators.Cases.Keys)
        {
            data.Add(name, BoundsMethod.Interval);
            data.Add(name, BoundsMethod.Crown);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Forward_AndJacobian_AreTheOperators(string name)
    {
        var net = PiecewiseOperators.Load(name);
        net.Layers.OfType<ReluLayer>().Should().NotBeEmpty("the operator is written through ReLUs");
        var simple = net.Simplify();
        var rng = new Random(StableSeed.Of(name));
        var checkedGradients = 0;
        for (var s = 0; s < 300; s++)
        {
            var x = Enumerable.Range(0, 3).Select(_ => (rng.NextDouble() * 2.4) - 1.2).ToArray();
            var expected = PiecewiseOperators.Output(name, x);
            net.Forward(x).Should().Equal(expected, (a, b) => Math.Abs(a - b) <= 1e-12 * (1 + Math.Abs(b)));
            simple.Forward(x).Should().Equal(expected, (a, b) => Math.Abs(a - b) <= 1e-12 * (1 + Math.Abs(b)));
            if (PiecewiseOperators.NearKink(name, x))
            {
                continue;
            }

            var jacobian = PiecewiseOperators.Jacobian(name, x);
            var actual = net.Jacobian(x);
            for (var o = 0; o < 2; o++)
            {
                actual[o].Should().Equal(jacobian[o], (a, b) => Math.Abs(a - b) <= 1e-12, $"Jacobian row {o} at ({string.Join(", ", x)})");
            }

            checkedGradients++;
        }

        checkedGradients.Should().BeGreaterThan(250);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Backward_AgreesWithFiniteDifferences(string name)
    {
        var net = PiecewiseOperators.Load(name);
        var rng = new Random(StableSeed.Of(name) + 1);
        var c = new[] { 0.75, -1.25 };
        for (var s = 0; s < 50; s++)
        {
            var x = Enumerable.Range(0, 3).Select(_ => (rng.NextDouble() * 2.4) - 1.2).ToArray();
            if (PiecewiseOperators.NearKink(name, x))
            {
                continue;
            }

            var gradient = net.Gradient(x, c);
            for (var j = 0; j < 3; j++)
            {
                var step = 1e-8;
                var up = (double[])x.Clone();
                var down = (double[])x.Clone();
                up[j] += step;
                down[j] -= step;
                var yUp = PiecewiseOperators.Output(name, up);
                var yDown = PiecewiseOperators.Output(name, down);
                var difference = ((c[0] * (yUp[0] - yDown[0])) + (c[1] * (yUp[1] - yDown[1]))) / (2 * step);
                gradient[j].Should().BeApproximately(difference, 1e-6);
            }
        }
    }

    [Theory]
    [MemberData(nameof(NamesAndMethods))]
    public void Bounds_ContainSampledOutputsAndGradients(string name, BoundsMethod method)
    {
        var net = PiecewiseOperators.Load(name);
        var rng = new Random(StableSeed.Of(name) + (int)method);
        var c = new[] { 1.0, -0.5 };
        for (var trial = 0; trial < 10; trial++)
        {
            var box = BoundPropagationTests.RandomBox(rng, 3, 0.2 + rng.NextDouble());
            foreach (var network in new[] { net, net.Simplify() })
            {
                var bounds = BoundPropagation.Compute(network, box, Box.Point(c), method);
                for (var s = 0; s < 100; s++)
                {
                    var x = BoundPropagationTests.SamplePoint(rng, box);
                    bounds.Activations[^1].Contains(PiecewiseOperators.Output(name, x)).Should().BeTrue($"{method} output bounds over {box}");
                    if (!PiecewiseOperators.NearKink(name, x))
                    {
                        var j = PiecewiseOperators.Jacobian(name, x);
                        var g = Enumerable.Range(0, 3).Select(k => (c[0] * j[0][k]) + (c[1] * j[1][k])).ToArray();
                        bounds.InputGradient.Contains(g).Should().BeTrue($"{method} gradient bounds over {box}");
                    }
                }
            }
        }
    }

    [Fact]
    public void LeakyRelu_ForwardIsTheOperatorBitForBit()
    {
        // relu(x) − α·relu(−x) computes x + (−α)·0 and 0 + (−α)·(−x): α·x rounded once, as the
        // operator's own formula.
        var net = new OnnxBuilder().Input("x", 1, 6).Output("y", 1, 6)
            .Node("LeakyRelu", new[] { "x" }, new[] { "y" }, Attr("alpha", 0.3f)).Load();
        var alpha = (double)0.3f;
        var rng = new Random(5);
        for (var s = 0; s < 200; s++)
        {
            var x = Enumerable.Range(0, 6).Select(_ => (rng.NextDouble() - 0.5) * Math.Pow(10, rng.Next(-300, 300))).ToArray();
            net.Forward(x).Should().Equal(x.Select(v => v >= 0 ? v : alpha * v));
        }
    }

    [Fact]
    public void LeakyRelu_IsOneReluLayer_WithItsNegativeSlope()
    {
        var net = PiecewiseOperators.Load("leakyrelu");
        net.Layers.Select(l => l.Kind).Should().Equal("gemm", "leakyrelu", "gemm");
        ((ReluLayer)net.Layers[1]).NegativeSlope.Should().Be((double)0.1f);
        ((ReluLayer)PiecewiseOperators.Load("leakyrelu_zero").Layers[1]).NegativeSlope.Should().Be(0);
        PiecewiseOperators.Load("leakyrelu_zero").Layers[1].Kind.Should().Be("relu");
    }

    [Fact]
    public void LeakyRelu_SteeperThanOne_PairsAreMirrored_AndFuseIntoTheLayerBefore()
    {
        // α = 1.5 is not convex: written as relu(x) − α·relu(−x). The split [I; −I] only negates,
        // so it fuses into the Gemm before it without rounding; its two neurons per unit are
        // exact mirror images.
        var net = PiecewiseOperators.Load("leakyrelu_steep");
        net.Layers.Select(l => l.Kind).Should().Equal("gemm", "leakyrelu_split", "relu", "leakyrelu_join", "gemm");
        var simple = net.Simplify();
        simple.Layers.Should().HaveCount(4);
        var fused = (LinearLayer)simple.Layers[0];
        for (var i = 0; i < 4; i++)
        {
            fused.Matrix.Row(i).Should().Equal(fused.Matrix.Row(4 + i).Select(e => (e.Column, -e.Value)));
            fused.Bias[i].Should().Be(-fused.Bias[4 + i]);
        }
    }

    [Fact]
    public void HardSigmoid_IsTwoReluChain_WhoseMiddlePieceIsTheOperatorBitForBit()
    {
        // relu(z) − relu(z − 1) with z = fl(α·x + β): on the lower piece 0 − 0, on the middle one
        // z − 0, the operator's formula evaluated in float64.
        var net = new OnnxBuilder().Input("x", 1, 5).Output("y", 1, 5)
            .Node("HardSigmoid", new[] { "x" }, new[] { "y" }).Load();
        net.Layers.Select(l => l.Kind).Should().Equal("hardsigmoid_split", "relu", "hardsigmoid_join");
        double alpha = 0.2f, beta = 0.5f;
        var rng = new Random(11);
        for (var s = 0; s < 200; s++)
        {
            var x = Enumerable.Range(0, 5).Select(_ => (rng.NextDouble() - 0.5) * 8).ToArray();
            var y = net.Forward(x);
            for (var i = 0; i < 5; i++)
            {
                var z = (alpha * x[i]) + beta;
                if (z < 1)
                {
                    y[i].Should().Be(Math.Max(0, z), $"x = {x[i]}");
                }
                else
                {
                    y[i].Should().BeApproximately(1, 1e-15, $"x = {x[i]}");
                }
            }
        }
    }

    [Fact]
    public void Clip_BoundsTheWrongWayRound_GiveTheUpperBound()
    {
        // ONNX: min > max sets every value to max.
        var net = new OnnxBuilder().Input("x", 1, 3).Output("y", 1, 3).Initializer("lo", Array.Empty<long>(), 2).Initializer("hi", Array.Empty<long>(), 1)
            .Node("Clip", new[] { "x", "lo", "hi" }, new[] { "y" }).Load();
        net.Forward(new[] { -5.0, 1.5, 7 }).Should().Equal(1, 1, 1);
    }

    [Fact]
    public void Clip_WithoutBounds_AddsNoLayer()
    {
        var net = new OnnxBuilder().Input("x", 1, 3).Output("y", 1, 3).Node("Clip", new[] { "x" }, new[] { "y" }).Load();
        net.Layers.Should().BeEmpty();
    }

    [Fact]
    public void Max_BroadcastsTheActivation_ToTheConstantsShape()
    {
        // x [1,2] against c [3,1,1]... broadcast to [3,1,2]: each output reads x[j] and compares with c[i].
        var net = new OnnxBuilder().Input("x", 1, 2).Output("y", 3, 1, 2).Initializer("c", new long[] { 3, 1, 1 }, -1, 0, 1)
            .Node("Max", new[] { "x", "c" }, new[] { "y" }).Load();
        net.Forward(new[] { 0.5, -2 }).Should().Equal(0.5, -1, 0.5, 0, 1, 1);
    }
}

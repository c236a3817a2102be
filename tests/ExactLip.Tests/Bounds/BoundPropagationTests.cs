using ExactLip.Bounds;
using ExactLip.Core;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Bounds;

public class BoundPropagationTests
{
    public static TheoryData<BoundsMethod> Methods => new() { BoundsMethod.Interval, BoundsMethod.Crown };

    [Theory]
    [MemberData(nameof(Methods))]
    public void Forward_ContainsEverySampledActivation(BoundsMethod method)
    {
        var rng = new Random(7);
        for (var trial = 0; trial < 20; trial++)
        {
            var net = RandomNetworks.Mlp(rng, 3, new[] { 6, 5, 4 }, 2);
            var box = RandomBox(rng, 3, 0.3);
            var bounds = BoundPropagation.Forward(net, box, method);
            for (var s = 0; s < 200; s++)
            {
                var acts = net.ForwardAll(SamplePoint(rng, box));
                for (var k = 0; k < acts.Length; k++)
                {
                    bounds[k].Contains(acts[k]).Should().BeTrue($"layer {k} activations must lie in their bounds");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Backward_ContainsEverySampledGradientSignal(BoundsMethod method)
    {
        var rng = new Random(8);
        for (var trial = 0; trial < 20; trial++)
        {
            var net = RandomNetworks.Mlp(rng, 3, new[] { 6, 5 }, 2);
            var box = RandomBox(rng, 3, 0.4);
            var c = new[] { 1.0, -1.0 };
            var bounds = BoundPropagation.Compute(net, box, Box.Point(c), method);
            for (var s = 0; s < 200; s++)
            {
                bounds.InputGradient.Contains(net.Gradient(SamplePoint(rng, box), c)).Should().BeTrue();
            }
        }
    }

    [Fact]
    public void Crown_IsNeverLooserThanInterval_AndStrictlyTighterOnDeepNetworks()
    {
        var rng = new Random(9);
        var strictlyTighter = 0;
        for (var trial = 0; trial < 10; trial++)
        {
            var net = RandomNetworks.Mlp(rng, 4, new[] { 10, 10, 10 }, 2);
            var box = RandomBox(rng, 4, 0.2);
            var interval = BoundPropagation.Compute(net, box, Box.Point(new[] { 1.0, 0 }), BoundsMethod.Interval);
            var crown = BoundPropagation.Compute(net, box, Box.Point(new[] { 1.0, 0 }), BoundsMethod.Crown);
            for (var k = 0; k < interval.Activations.Count; k++)
            {
                for (var i = 0; i < interval.Activations[k].Dimension; i++)
                {
                    crown.Activations[k].Lo(i).Should().BeGreaterThanOrEqualTo(interval.Activations[k].Lo(i));
                    crown.Activations[k].Hi(i).Should().BeLessThanOrEqualTo(interval.Activations[k].Hi(i));
                }
            }

            crown.UnstableNeurons.Should().BeLessThanOrEqualTo(interval.UnstableNeurons);
            if (crown.UnstableNeurons < interval.UnstableNeurons)
            {
                strictlyTighter++;
            }
        }

        strictlyTighter.Should().BeGreaterThan(0);
    }

    internal static Box RandomBox(Random rng, int n, double radius)
    {
        var center = Enumerable.Range(0, n).Select(_ => (rng.NextDouble() * 2) - 1).ToArray();
        return Box.Ball(center, radius);
    }

    internal static double[] SamplePoint(Random rng, Box box) =>
        Enumerable.Range(0, box.Dimension).Select(i => box.Lo(i) + (rng.NextDouble() * box.Width(i))).ToArray();
}

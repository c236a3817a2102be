using ExactLip.Core;
using ExactLip.Network;
using ExactLip.Network.Relaxation;
using FluentAssertions;

namespace ExactLip.Tests.Network.Layers;

/// <summary>
/// Reusable soundness checks for any layer: sampled outputs lie in the forward interval,
/// sampled vector-Jacobian products in the backward interval, and sampled outputs between
/// the back-substituted linear bounds.
/// </summary>
public static class LayerChecks
{
    public static Box RandomBox(Random rng, int n, double maxWidth = 1.0)
    {
        var lo = new double[n];
        var hi = new double[n];
        for (var i = 0; i < n; i++)
        {
            var c = (rng.NextDouble() * 2) - 1;
            var w = rng.NextDouble() * maxWidth;
            lo[i] = c - w;
            hi[i] = c + w;
        }

        return new Box(lo, hi);
    }

    public static double[] Sample(Random rng, Box box)
    {
        var x = new double[box.Dimension];
        for (var i = 0; i < x.Length; i++)
        {
            // Corners now and then: the extreme points are where unsound bounds show.
            var u = rng.Next(4) switch { 0 => 0.0, 1 => 1.0, _ => rng.NextDouble() };
            x[i] = box.Lo(i) + (u * box.Width(i));
        }

        return x;
    }

    public static void ForwardIntervalContainsSamples(Layer layer, Random rng, int boxes = 5, int samples = 50)
    {
        for (var b = 0; b < boxes; b++)
        {
            var box = RandomBox(rng, layer.InputSize);
            var bounds = layer.ForwardInterval(box);
            for (var s = 0; s < samples; s++)
            {
                var y = new double[layer.OutputSize];
                layer.Forward(Sample(rng, box), y);
                bounds.Contains(y, 1e-12).Should().BeTrue($"{layer} forward interval");
            }
        }
    }

    public static void BackwardIntervalContainsSamples(Layer layer, Random rng, int boxes = 5, int samples = 50)
    {
        for (var b = 0; b < boxes; b++)
        {
            var box = RandomBox(rng, layer.InputSize);
            var grad = RandomBox(rng, layer.OutputSize);
            var bounds = layer.BackwardInterval(grad, box);
            for (var s = 0; s < samples; s++)
            {
                var dx = new double[layer.InputSize];
                layer.Backward(Sample(rng, box), Sample(rng, grad), dx);
                bounds.Contains(dx, 1e-12).Should().BeTrue($"{layer} backward interval");
            }
        }
    }

    public static void BackSubstitutionBoundsSamples(Layer layer, Random rng, int boxes = 5, int samples = 50)
    {
        for (var b = 0; b < boxes; b++)
        {
            var box = RandomBox(rng, layer.InputSize);
            var bounds = LinearBoundSet.Identity(layer.OutputSize, Enumerable.Range(0, layer.OutputSize).ToArray());
            layer.BackSubstitute(bounds, box);
            for (var s = 0; s < samples; s++)
            {
                var x = Sample(rng, box);
                var y = new double[layer.OutputSize];
                layer.Forward(x, y);
                for (var k = 0; k < y.Length; k++)
                {
                    var upper = bounds.UpperBias[k] + Dot(bounds.Upper[k], x);
                    var lower = bounds.LowerBias[k] + Dot(bounds.Lower[k], x);
                    y[k].Should().BeLessThanOrEqualTo(upper + 1e-9, $"{layer} upper linear bound {k}");
                    y[k].Should().BeGreaterThanOrEqualTo(lower - 1e-9, $"{layer} lower linear bound {k}");
                }
            }
        }
    }

    /// <summary>For a linear layer: ⟨dy, f(x + e) − f(x)⟩ = ⟨Backward(dy), e⟩.</summary>
    public static void BackwardIsTheTranspose(Layer layer, Random rng)
    {
        var x = Sample(rng, RandomBox(rng, layer.InputSize));
        var e = Sample(rng, RandomBox(rng, layer.InputSize));
        var dy = Sample(rng, RandomBox(rng, layer.OutputSize));
        var xe = x.Zip(e, (a, b) => a + b).ToArray();
        var y0 = new double[layer.OutputSize];
        var y1 = new double[layer.OutputSize];
        layer.Forward(x, y0);
        layer.Forward(xe, y1);
        var dx = new double[layer.InputSize];
        layer.Backward(x, dy, dx);
        Dot(dy, y1.Zip(y0, (a, b) => a - b).ToArray()).Should().BeApproximately(Dot(dx, e), 1e-9);
    }

    public static double Dot(double[] a, double[] b) => a.Zip(b, (p, q) => p * q).Sum();
}

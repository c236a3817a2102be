using ExactLip.Network;
using ExactLip.Network.Layers;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Network.Layers;

/// <summary>The sparse-matrix operators against direct loops, and their bounds against samples.</summary>
public class LinearLayerTests
{
    private static double[] Random(Random rng, int n) => Enumerable.Range(0, n).Select(_ => (rng.NextDouble() * 2) - 1).ToArray();

    /// <summary>Convolution by its definition, one output at a time.</summary>
    private static double[] NaiveConv(double[] x, int c, int h, int w, double[] weights, double[] bias, int m, int groups, Window2d win)
    {
        int oh = win.OutputHeight(h), ow = win.OutputWidth(w), cg = c / groups, mg = m / groups;
        var y = new double[m * oh * ow];
        for (var o = 0; o < m; o++)
        {
            for (var i = 0; i < oh; i++)
            {
                for (var j = 0; j < ow; j++)
                {
                    var acc = bias[o];
                    for (var cc = 0; cc < cg; cc++)
                    {
                        var ch = (o / mg * cg) + cc;
                        for (var a = 0; a < win.KernelH; a++)
                        {
                            for (var b = 0; b < win.KernelW; b++)
                            {
                                var r = (i * win.StrideH) - win.PadTop + (a * win.DilationH);
                                var s = (j * win.StrideW) - win.PadLeft + (b * win.DilationW);
                                if (r >= 0 && r < h && s >= 0 && s < w)
                                {
                                    acc += weights[(((((o * cg) + cc) * win.KernelH) + a) * win.KernelW) + b] * x[(((ch * h) + r) * w) + s];
                                }
                            }
                        }
                    }

                    y[(((o * oh) + i) * ow) + j] = acc;
                }
            }
        }

        return y;
    }

    public static TheoryData<int, int, int, int, int, Window2d> ConvCases() => new()
    {
        { 1, 5, 5, 1, 1, new Window2d(3, 3) },
        { 3, 7, 6, 4, 1, new Window2d(3, 2, 2, 1, 1, 0, 2, 1) },
        { 4, 8, 8, 6, 2, new Window2d(3, 3, 2, 2, 2, 2, 2, 2, 2, 2) },
        { 4, 6, 5, 4, 4, new Window2d(2, 3, 1, 2, 0, 1, 1, 0, 1, 2) },
    };

    [Theory]
    [MemberData(nameof(ConvCases))]
    public void Conv2d_MatchesDirectConvolution(int c, int h, int w, int m, int groups, Window2d window)
    {
        var rng = new Random(c + h + w + m + groups);
        var weights = Random(rng, m * (c / groups) * window.KernelH * window.KernelW);
        var bias = Random(rng, m);
        var layer = new Conv2dLayer(Shape.Of(c, h, w), m, groups, window, weights, bias);
        var x = Random(rng, c * h * w);
        var y = new double[layer.OutputSize];
        layer.Forward(x, y);
        y.Should().Equal(NaiveConv(x, c, h, w, weights, bias, m, groups, window), (a, b) => Math.Abs(a - b) < 1e-12);
        LayerChecks.BackwardIsTheTranspose(layer, rng);
        LayerChecks.ForwardIntervalContainsSamples(layer, rng, boxes: 2, samples: 20);
        LayerChecks.BackwardIntervalContainsSamples(layer, rng, boxes: 2, samples: 20);
        LayerChecks.BackSubstitutionBoundsSamples(layer, rng, boxes: 2, samples: 20);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AvgPool2d_MatchesDirectAverage_WithAndWithoutCountingPadding(bool countIncludePad)
    {
        var window = new Window2d(3, 3, 2, 2, 1, 1, 1, 1);
        var layer = new AvgPool2dLayer(Shape.Of(2, 5, 5), window, countIncludePad);
        var rng = new Random(7);
        var x = Random(rng, 50);
        var y = new double[layer.OutputSize];
        layer.Forward(x, y);
        layer.OutputShape.Dims.Should().Equal(2, 3, 3);

        // Output (0, 0, 0) sees the 2x2 top-left corner; the other five taps are padding.
        var corner = x[0] + x[1] + x[5] + x[6];
        y[0].Should().BeApproximately(countIncludePad ? corner / 9 : corner / 4, 1e-12);

        // Output (1, 1, 1) sees a full 3x3 window centred on input (1, 2, 2).
        var centre = Enumerable.Range(1, 3).SelectMany(r => Enumerable.Range(1, 3).Select(s => x[25 + (r * 5) + s])).Sum();
        y[9 + 4].Should().BeApproximately(centre / 9, 1e-12);
        LayerChecks.ForwardIntervalContainsSamples(layer, rng);
        LayerChecks.BackSubstitutionBoundsSamples(layer, rng);
    }

    [Fact]
    public void Pad_PlacesTheInputInsideZeros()
    {
        var layer = new PadLayer(Shape.Of(1, 2, 2), new[] { 0, 1, 0 }, new[] { 0, 0, 1 });
        layer.OutputShape.Dims.Should().Equal(1, 3, 3);
        var y = new double[9];
        layer.Forward(new[] { 1.0, 2, 3, 4 }, y);
        y.Should().Equal(0, 0, 0, 1, 2, 0, 3, 4, 0);
        LayerChecks.BackwardIsTheTranspose(layer, new Random(1));
    }

    [Fact]
    public void Permutation_NhwcToNchw()
    {
        // H = 1, W = 2, C = 3 → C, H, W.
        var layer = new PermutationLayer(Shape.Of(1, 2, 3), new[] { 2, 0, 1 });
        layer.OutputShape.Dims.Should().Equal(3, 1, 2);
        var y = new double[6];
        layer.Forward(new[] { 1.0, 2, 3, 4, 5, 6 }, y);
        y.Should().Equal(1, 4, 2, 5, 3, 6);
        LayerChecks.BackwardIsTheTranspose(layer, new Random(2));
    }

    [Fact]
    public void ElementwiseAffine_AndReshape_AreSound()
    {
        var rng = new Random(4);
        var affine = new ElementwiseAffineLayer(Shape.Of(2, 3), Random(rng, 6), Random(rng, 6));
        var reshape = new ReshapeLayer(Shape.Of(2, 3), Shape.Of(6), "flatten");
        foreach (var layer in new Layer[] { affine, reshape })
        {
            LayerChecks.ForwardIntervalContainsSamples(layer, rng);
            LayerChecks.BackwardIntervalContainsSamples(layer, rng);
            LayerChecks.BackSubstitutionBoundsSamples(layer, rng);
            LayerChecks.BackwardIsTheTranspose(layer, rng);
        }
    }
}

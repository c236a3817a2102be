using ExactLip.Core;
using ExactLip.Mip;
using ExactLip.Network;
using ExactLip.Network.Encoding;
using ExactLip.Network.Layers;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Network.Layers;

public class MaxPool2dLayerTests
{
    private static readonly Window2d Overlapping = new(3, 3, 2, 2, 1, 1, 1, 1);

    [Fact]
    public void Forward_TakesTheMaximum_AndBackward_RoutesToTheFirstMaximum()
    {
        var layer = new MaxPool2dLayer(Shape.Of(1, 2, 4), new Window2d(2, 2, 2, 2));
        var x = new[] { 1.0, 5, 2, 2, 3, 0, 2, 1 };
        var y = new double[2];
        layer.Forward(x, y);
        y.Should().Equal(5, 2);
        var dx = new double[8];
        layer.Backward(x, new[] { 10.0, -1 }, dx);

        // The second window ties at 2 (taps 2, 3 and 6): the first in scan order wins.
        dx.Should().Equal(0, 10, -1, 0, 0, 0, 0, 0);
    }

    [Fact]
    public void Backward_SumsOverOverlappingWindows()
    {
        var layer = new MaxPool2dLayer(Shape.Of(1, 3, 3), new Window2d(2, 2));
        var x = new double[9];
        x[4] = 1; // the centre is the maximum of all four windows
        var dx = new double[9];
        layer.Backward(x, new[] { 1.0, 2, 3, 4 }, dx);
        dx[4].Should().Be(10);
    }

    [Fact]
    public void Bounds_ContainSampledValues()
    {
        var rng = new Random(11);
        var layer = new MaxPool2dLayer(Shape.Of(2, 5, 5), Overlapping);
        LayerChecks.ForwardIntervalContainsSamples(layer, rng);
        LayerChecks.BackwardIntervalContainsSamples(layer, rng);
        LayerChecks.BackSubstitutionBoundsSamples(layer, rng);
    }

    [Fact]
    public void Encoding_StartFromAConcretePoint_SatisfiesEveryRow()
    {
        var rng = new Random(5);
        var layer = new MaxPool2dLayer(Shape.Of(2, 5, 5), Overlapping);
        for (var trial = 0; trial < 10; trial++)
        {
            // Narrow boxes in some trials decide windows; wide ones leave them open.
            var box = LayerChecks.RandomBox(rng, layer.InputSize, maxWidth: trial % 2 == 0 ? 0.05 : 1.0);
            var grad = LayerChecks.RandomBox(rng, layer.OutputSize);
            var model = new MipModelBuilder();
            var input = Enumerable.Range(0, layer.InputSize).Select(i => model.AddVariable($"x/{i}", box.Lo(i), box.Hi(i))).ToArray();
            var gradOut = Enumerable.Range(0, layer.OutputSize).Select(i => model.AddVariable($"p/{i}", grad.Lo(i), grad.Hi(i))).ToArray();
            var encoding = layer.Encode(new EncodingContext(model, 1, layer.Kind), input, box, layer.ForwardInterval(box));
            var gradIn = encoding.EncodeBackward(gradOut, grad, layer.BackwardInterval(grad, box));
            var mip = model.Build();
            if (trial % 2 == 1)
            {
                encoding.Binaries.Should().BeGreaterThan(0);
            }

            for (var s = 0; s < 20; s++)
            {
                var x = LayerChecks.Sample(rng, box);
                var p = LayerChecks.Sample(rng, grad);
                var y = new double[layer.OutputSize];
                var g = new double[layer.InputSize];
                layer.Forward(x, y);
                layer.Backward(x, p, g);
                var values = new double[mip.Variables.Count];
                Write(values, input, x);
                Write(values, encoding.Output, y);
                Write(values, gradOut, p);
                Write(values, gradIn, g);
                encoding.FillStart(values, x, p);
                mip.MaxViolation(values).Should().BeLessThan(1e-9);
            }
        }
    }

    [Fact]
    public void Encoding_ForcesTheOutputToTheMaximum()
    {
        // One window of two taps in [0, 2] and [1, 3]: undecided. Choosing the smaller tap while
        // claiming y = max must violate a row.
        var layer = new MaxPool2dLayer(Shape.Of(1, 1, 2), new Window2d(1, 2));
        var box = new Box(new[] { 0.0, 1 }, new[] { 2.0, 3 });
        var model = new MipModelBuilder();
        var input = new[] { model.AddVariable("x0", 0, 2), model.AddVariable("x1", 1, 3) };
        var encoding = layer.Encode(new EncodingContext(model, 0, "maxpool"), input, box, layer.ForwardInterval(box));
        var mip = model.Build();
        encoding.Binaries.Should().Be(2);
        var d0 = mip.Variables.Select((v, i) => (v, i)).Single(t => t.v.Name == "maxpool/0/0/d0").i;
        var d1 = mip.Variables.Select((v, i) => (v, i)).Single(t => t.v.Name == "maxpool/0/0/d1").i;
        var values = new double[mip.Variables.Count];
        values[input[0].Index] = 1.5;
        values[input[1].Index] = 2.5;
        values[encoding.Output[0].Index] = 2.5;
        values[d1] = 1;
        mip.MaxViolation(values).Should().Be(0);
        values[d1] = 0;
        values[d0] = 1;
        mip.MaxViolation(values).Should().BeGreaterThan(0.5);
    }

    private static void Write(double[] values, IReadOnlyList<Var> vars, double[] x)
    {
        for (var i = 0; i < x.Length; i++)
        {
            values[vars[i].Index] = x[i];
        }
    }
}

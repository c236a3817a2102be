using ExactLip.Bounds;
using ExactLip.Core;
using ExactLip.Encoding;
using ExactLip.Tests.Bounds;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Encoding;

public class LipMipEncoderTests
{
    public static TheoryData<Norm, bool> Cases => new()
    {
        { Norm.Linf, false },
        { Norm.L1, false },
        { Norm.Linf, true },
        { Norm.L1, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void StartFrom_IsFeasible_AndItsObjectiveIsTheGradientNorm(Norm inputNorm, bool boxWeights)
    {
        var rng = new Random(21);
        for (var trial = 0; trial < 15; trial++)
        {
            var net = RandomNetworks.Mlp(rng, 3, new[] { 5, 4 }, 2);
            var box = BoundPropagationTests.RandomBox(rng, 3, 0.5);
            var weights = boxWeights ? OutputWeights.UnitBox(2) : OutputWeights.Vector(new[] { 0.7, -1.3 });
            var bounds = BoundPropagation.Compute(net, box, weights.Bounds(), BoundsMethod.Crown);
            var mip = LipMipEncoder.Encode(bounds, weights, inputNorm);
            for (var s = 0; s < 20; s++)
            {
                var x = BoundPropagationTests.SamplePoint(rng, box);
                var c = boxWeights ? new[] { rng.Next(2) * 2 - 1.0, rng.Next(2) * 2 - 1.0 } : weights.Fixed!;
                var values = mip.StartFrom(x, c);
                mip.Model.MaxViolation(values).Should().BeLessThan(1e-9);
                var expected = inputNorm.Dual().Of(net.Gradient(x, c));
                mip.Model.Evaluate(values).Should().BeApproximately(expected, 1e-9);
            }
        }
    }

    [Fact]
    public void Encode_NamesVariablesDeterministically_AndAddsOneBinaryPerUnstableNeuron()
    {
        var rng = new Random(4);
        var net = RandomNetworks.Mlp(rng, 2, new[] { 6 }, 1);
        var box = Box.Ball(new[] { 0.0, 0 }, 1);
        var bounds = BoundPropagation.Compute(net, box, Box.Point(new[] { 1.0 }), BoundsMethod.Interval);
        var mip = LipMipEncoder.Encode(bounds, OutputWeights.Vector(new[] { 1.0 }), Norm.Linf);
        var reluBinaries = mip.Model.Variables.Count(v => v.IsInteger && v.Name.StartsWith("relu/1/", StringComparison.Ordinal) && v.Name.EndsWith("/a", StringComparison.Ordinal));
        reluBinaries.Should().Be(bounds.UnstableNeurons);
        mip.UnstableNeurons.Should().Be(bounds.UnstableNeurons);
        var again = LipMipEncoder.Encode(bounds, OutputWeights.Vector(new[] { 1.0 }), Norm.Linf);
        again.Model.Variables.Select(v => v.Name).Should().Equal(mip.Model.Variables.Select(v => v.Name));
    }
}

using ExactLip.Bounds;
using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Encoding;
using ExactLip.Network;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Certify;

public class RegionCheckTests
{
    private static readonly NeuralNetwork Odd = TestNetworks.OddIdentity();

    [Theory]
    [MemberData(nameof(TestSolvers.CbcAndGlpk), MemberType = typeof(TestSolvers))]
    public void InteriorPoint_BothNeuronsActive_HasNoInterior(string solver)
    {
        // x ≥ δ and −x ≥ δ: only x = 0, so no interior point.
        var (mip, solution) = WithPattern(true, true);
        RegionCheck.Decide(mip, solution, TestSolvers.Get(solver), null, CancellationToken.None).Verdict.Should().Be(RegionVerdict.Empty);
    }

    [Theory]
    [MemberData(nameof(TestSolvers.CbcAndGlpk), MemberType = typeof(TestSolvers))]
    public void InteriorPoint_OnlyFirstActive_ReturnsAPointStrictlyInside(string solver)
    {
        var (mip, solution) = WithPattern(true, false);
        var answer = RegionCheck.Decide(mip, solution, TestSolvers.Get(solver), null, CancellationToken.None);
        answer.Verdict.Should().Be(RegionVerdict.Interior);
        var x = answer.Point;
        x.Should().NotBeNull();
        x![0].Should().BeGreaterThan(0).And.BeLessThanOrEqualTo(1);
    }

    /// <summary>The odd network's MIP and an assignment whose ReLU binaries are the given pattern.</summary>
    private static (LipschitzMip Mip, double[] Solution) WithPattern(bool first, bool second)
    {
        var box = new Box(new[] { -1.0 }, new[] { 1.0 });
        var bounds = BoundPropagation.Compute(Odd, box, Box.Point(new[] { 1.0 }), BoundsMethod.Interval);
        var mip = LipMipEncoder.Encode(bounds, OutputWeights.Vector(new[] { 1.0 }), Norm.Linf);
        var solution = new double[mip.Model.Variables.Count];
        for (var j = 0; j < solution.Length; j++)
        {
            var name = mip.Model.Variables[j].Name;
            solution[j] = name == "relu/1/0/a" ? (first ? 1 : 0) : name == "relu/1/1/a" ? (second ? 1 : 0) : 0;
        }

        return (mip, solution);
    }
}

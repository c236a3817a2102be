using ExactLip.Certify;
using ExactLip.Core;
using ExactLip.Network;
using ExactLip.Network.Layers;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Certify;

public class RegionCheckTests
{
    private static readonly ExactLip.Network.Network Odd = new("odd", new Layer[]
    {
        AffineLayer.Dense(1, 2, new[] { 1.0, -1 }, new[] { 0.0, 0 }),
        new ReluLayer(Shape.Vector(2)),
        AffineLayer.Dense(2, 1, new[] { 1.0, -1 }, new[] { 0.0 }),
    });

    [Theory]
    [MemberData(nameof(TestSolvers.Always), MemberType = typeof(TestSolvers))]
    public void InteriorPoint_BothNeuronsActive_HasNoInterior(string solver)
    {
        // x ≥ δ and −x ≥ δ: only x = 0, so no interior point.
        var pattern = new bool[]?[] { null, new[] { true, true }, null };
        RegionCheck.InteriorPoint(Odd, new Box(new[] { -1.0 }, new[] { 1.0 }), pattern, TestSolvers.Get(solver), null, CancellationToken.None)
            .Should().BeNull();
    }

    [Theory]
    [MemberData(nameof(TestSolvers.Always), MemberType = typeof(TestSolvers))]
    public void InteriorPoint_OnlyFirstActive_ReturnsAPointStrictlyInside(string solver)
    {
        var pattern = new bool[]?[] { null, new[] { true, false }, null };
        var x = RegionCheck.InteriorPoint(Odd, new Box(new[] { -1.0 }, new[] { 1.0 }), pattern, TestSolvers.Get(solver), null, CancellationToken.None);
        x.Should().NotBeNull();
        x![0].Should().BeGreaterThan(0).And.BeLessThanOrEqualTo(1);
    }
}

using ExactLip.Core;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Bounds;

/// <summary>
/// The one rule for two bounds on one value (<see cref="Box.TryIntersect(Box)"/>): both are rounded
/// outward, so where they cross the set they bound is empty; a caller whose set may be empty is
/// told so, and a caller over the whole box (<see cref="Box.Intersect(Box)"/>) keeps an interval
/// holding both, never a point between them.
/// </summary>
public class BoxIntersectTests
{
    [Fact]
    public void TryIntersect_OverlappingAndTouching_KeepsTheCommonPart()
    {
        var a = new Box(new[] { 0.0, -1, 2 }, new[] { 1.0, 1, 3 });
        var b = new Box(new[] { 0.5, -2, 3 }, new[] { 2.0, 0, 4 });

        var meet = a.TryIntersect(b)!;

        meet.Lower.ToArray().Should().Equal(0.5, -1, 3);
        meet.Upper.ToArray().Should().Equal(new[] { 1.0, 0, 3 }, "equal ends are a point of both, not a crossing");
    }

    [Fact]
    public void TryIntersect_CrossingByOneStep_IsEmpty()
    {
        var a = new Box(new[] { 0.0, 0 }, new[] { 1.0, 1 });
        var b = new Box(new[] { 0.0, Math.BitIncrement(1.0) }, new[] { 1.0, 2 });

        a.TryIntersect(b).Should().BeNull("outward-rounded bounds that cross leave no point");
        b.TryIntersect(a).Should().BeNull();
    }

    [Fact]
    public void TryIntersect_NaNEnd_IsNoProofOfEmptiness()
    {
        var a = new Box(new[] { 0.0 }, new[] { 1.0 });
        var b = new Box(new[] { double.NaN }, new[] { 2.0 });

        a.TryIntersect(b).Should().NotBeNull("a NaN bound proves nothing, least of all that the set is empty");
    }

    [Fact]
    public void TryIntersectRows_TouchesOnlyTheRows_AndCrossingIsEmpty()
    {
        var box = new Box(new[] { 0.0, 0, 0 }, new[] { 1.0, 1, 1 });
        var tighter = new Box(new[] { 0.25, -5 }, new[] { 0.5, 0.75 });

        var meet = box.TryIntersect(new[] { 2, 0 }, tighter)!;

        meet.Lower.ToArray().Should().Equal(0.0, 0, 0.25);
        meet.Upper.ToArray().Should().Equal(0.75, 1, 0.5);
        box.TryIntersect(new[] { 1 }, new Box(new[] { 1.5 }, new[] { 2.0 })).Should().BeNull();
    }

    [Fact]
    public void Intersect_OverTheWholeBox_CrossingKeepsBothIntervals_NeverAPointBetween()
    {
        // A set known to have points cannot have crossing sound bounds; if one is wrong, the hull
        // still holds wherever the other is right.
        var a = new Box(new[] { 0.0, 0 }, new[] { 1.0, 1 });
        var b = new Box(new[] { 0.25, 2 }, new[] { 0.5, 3 });

        var meet = a.Intersect(b);

        meet.Lo(0).Should().Be(0.25);
        meet.Hi(0).Should().Be(0.5);
        meet.Lo(1).Should().Be(0, "the crossing entry keeps both intervals");
        meet.Hi(1).Should().Be(3);
        a.Intersect(new[] { 1 }, new Box(new[] { 2.0 }, new[] { 3.0 })).Width(1).Should().Be(3);
    }
}

using ExactLip.Mip;
using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Mip;

public sealed class MipModelBuilderTests
{
    [Fact]
    public void NegligibleTerm_MovesIntoTheSides_SoEveryPointOfTheExactRowStillSatisfiesIt()
    {
        var builder = new MipModelBuilder();
        var z = builder.AddVariable("z", -10, 10);
        var x = builder.AddVariable("x", -3, 5);
        var tiny = builder.AddVariable("tiny", -2, 7);
        // z = 0.5·x + 2.8e-42·tiny + 1, a row of a network trained with weight decay.
        builder.AddEquality("row", new[] { new Term(z, 1), new Term(x, -0.5), new Term(tiny, -2.8e-42) }, 1);
        var row = builder.Build().Rows.Single();

        row.Columns.Should().Equal(z.Index, x.Index);
        row.Lower.Should().BeLessThan(1);
        row.Upper.Should().BeGreaterThan(1);
        (row.Upper - row.Lower).Should().BeLessThan(1e-15);
        var rng = new Random(3);
        for (var s = 0; s < 1000; s++)
        {
            var xv = -3 + (8 * rng.NextDouble());
            var tv = s % 2 == 0 ? (s % 4 == 0 ? -2 : 7) : -2 + (9 * rng.NextDouble());
            var zv = (0.5 * xv) + (2.8e-42 * tv) + 1;
            var lhs = zv - (0.5 * xv);
            lhs.Should().BeInRange(row.Lower, row.Upper);
        }
    }

    [Fact]
    public void SmallButNotNegligibleTerms_AndUnboundedVariables_AreKept()
    {
        var builder = new MipModelBuilder();
        var a = builder.AddVariable("a", 0, 1);
        var b = builder.AddVariable("b", 0, 1);
        var free = builder.AddVariable("free", double.NegativeInfinity, double.PositiveInfinity);
        builder.AddLessOrEqual("row", new[] { new Term(a, 1), new Term(b, 1e-9), new Term(free, 1e-20) }, 2);
        var row = builder.Build().Rows.Single();

        row.Columns.Should().Equal(a.Index, b.Index, free.Index);
        row.Upper.Should().Be(2);
        row.Lower.Should().Be(double.NegativeInfinity);
    }
}

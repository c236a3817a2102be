using FluentAssertions;
using Xunit;

namespace ExactLip.Tests.Import;

/// <summary>
/// The graphs of <see cref="ResidualGraphs"/> import and evaluate as their formulas say:
/// outputs and Jacobians at random points against the formulas computed here, and the
/// simplified network (what the engines use) computes the same.
/// </summary>
public class ResidualGraphImportTests
{
    public static TheoryData<string> Names => new(ResidualGraphs.Cases.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void Import_EvaluatesLikeTheGraph(string name)
    {
        var net = ResidualGraphs.Load(name);
        var simple = net.Simplify();
        var rng = new Random(7);
        var checkedPoints = 0;
        for (var s = 0; s < 200; s++)
        {
            var x = Enumerable.Range(0, 3).Select(_ => (rng.NextDouble() * 2) - 1).ToArray();
            var expected = ResidualGraphs.Output(name, x);
            net.Forward(x).Should().Equal(expected, (a, b) => Math.Abs(a - b) <= 1e-12 * (1 + Math.Abs(b)), $"{name} at {string.Join(",", x)}");
            simple.Forward(x).Should().Equal(expected, (a, b) => Math.Abs(a - b) <= 1e-12 * (1 + Math.Abs(b)));
            if (ResidualGraphs.NearKink(name, x))
            {
                continue;
            }

            checkedPoints++;
            var jacobian = net.Jacobian(x);
            var reference = ResidualGraphs.Jacobian(name, x);
            for (var i = 0; i < 2; i++)
            {
                jacobian[i].Should().Equal(reference[i], (a, b) => Math.Abs(a - b) <= 1e-12 * (1 + Math.Abs(b)), $"{name}, Jacobian row {i}");
                simple.Jacobian(x)[i].Should().Equal(reference[i], (a, b) => Math.Abs(a - b) <= 1e-12 * (1 + Math.Abs(b)));
            }
        }

        checkedPoints.Should().BeGreaterThan(150);
    }
}
